package dev.holofs.hcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The binding checked against the recorded Windows x64 facts (../shared/tools/winabi/layouts.txt). */
class ComputeCoreLayoutTest {

  private static final Map<String, int[]> LAYOUT = new HashMap<>();
  private static final Map<String, Long> CONSTANTS = new HashMap<>();
  private static final Map<String, Integer> FUNCTIONS = new HashMap<>();
  private static final Set<String> EXPORTS = new HashSet<>();

  @BeforeAll
  static void read() throws IOException {
    List<String> lines;
    try (InputStream in = ComputeCoreLayoutTest.class.getResourceAsStream(
        "/winabi-layouts.txt")) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    for (String line : lines) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      if (line.contains("|")) {
        String[] f = line.split("\\s*\\|\\s*");
        if (f[0].equals("FUNC") && f[1].equals("computecore.dll")) {
          FUNCTIONS.put(f[2], f[4].isBlank() ? 0 : f[4].split(",").length);
        } else if (f[0].equals("EXPORT") && f[1].equals("computecore.dll")) {
          EXPORTS.add(f[2].trim());
        }
        continue;
      }
      String[] t = line.trim().split("\\s+");
      if (t[0].equals("CONST")) {
        CONSTANTS.put(t[2], Long.parseLong(t[4]));
      } else if (!t[0].equals("TYPE")) {
        LAYOUT.put(t[0] + " " + t[1], new int[] {Integer.parseInt(t[2]), Integer.parseInt(t[3])});
      }
    }
  }

  @Test
  void hcsEventMatchesWindowsLayout() {
    HcsEventStruct.Event event = new HcsEventStruct.Event();
    assertThat(event.size()).isEqualTo(LAYOUT.get("HCS_EVENT -")[0]);
    List<String> checked = new ArrayList<>();
    LAYOUT.forEach((key, value) -> {
      String[] k = key.split(" ");
      if (k[0].equals("HCS_EVENT") && !k[1].equals("-")) {
        assertThat(event.offsetOf(k[1])).as(key).isEqualTo(value[0]);
        checked.add(k[1]);
      }
    });
    assertThat(checked).containsExactlyInAnyOrder("Type", "EventData", "Operation");
  }

  @Test
  void enumValuesMatch() {
    for (HcsEventType type : HcsEventType.values()) {
      assertThat(CONSTANTS.get("HcsEvent" + camel(type.name()))).as(type.name())
          .isEqualTo(type.value());
    }
    for (OperationType type : OperationType.values()) {
      assertThat(CONSTANTS.get("HcsOperationType" + camel(type.name()))).as(type.name())
          .isEqualTo(type.value());
    }
    assertThat(CONSTANTS.get("HcsEventOptionEnableOperationCallbacks"))
        .isEqualTo(EventOptions.ENABLE_OPERATION_CALLBACKS.value());
    assertThat(CONSTANTS.get("HcsEventOptionNone")).isEqualTo(EventOptions.NONE.value());
  }

  @Test
  void hresultsMatch() throws IllegalAccessException {
    int checked = 0;
    for (Field field : HResults.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class
          && !field.getName().equals("E_UNEXPECTED")) {  // winerror.h, not recorded
        assertThat(CONSTANTS).as(field.getName()).containsKey(field.getName());
        assertThat((long) field.getInt(null)).as(field.getName())
            .isEqualTo(CONSTANTS.get(field.getName()));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(15);
  }

  @Test
  void everyBoundFunctionIsDeclaredAndExportedWithItsParameterCount() {
    Method[] methods = ComputeCore.class.getDeclaredMethods();
    assertThat(methods).hasSize(17);
    for (Method method : methods) {
      assertThat(FUNCTIONS).as(method.getName()).containsKey(method.getName());
      assertThat(method.getParameterCount()).as(method.getName())
          .isEqualTo(FUNCTIONS.get(method.getName()));
      assertThat(EXPORTS).as(method.getName()).contains(method.getName());
    }
  }

  /** SYSTEM_EXITED → SystemExited; GET_PROPERTIES → GetProperties. */
  private static String camel(String name) {
    StringBuilder out = new StringBuilder();
    for (String part : name.split("_")) {
      out.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
    }
    return out.toString();
  }
}
