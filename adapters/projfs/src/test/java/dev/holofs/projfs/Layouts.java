package dev.holofs.projfs;

import com.sun.jna.Native;
import com.sun.jna.Structure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recorded Windows x64 layouts (test resource {@code layouts.txt}, copied from
 * {@code shared/tools/winabi}) and the comparison of a JNA structure against them.
 */
final class Layouts {

  /** One recorded row: a record's size and alignment, or a member's offset and size. */
  record Row(int first, int second) {}

  /** "STRUCT -" and "STRUCT FIELD" rows, in file order. */
  final Map<String, Row> records = new LinkedHashMap<>();
  /** CONST rows: name → value. */
  final Map<String, Long> constants = new LinkedHashMap<>();
  /** CONST rows: name → group. */
  final Map<String, String> constantGroups = new LinkedHashMap<>();
  /** TYPE rows: name → size. */
  final Map<String, Integer> typeSizes = new LinkedHashMap<>();
  /** FUNC, CALLBACK and EXPORT rows, split on {@code |} and trimmed. */
  final List<String[]> functions = new ArrayList<>();

  private Layouts() {}

  static Layouts load() {
    try (InputStream in = Layouts.class.getResourceAsStream("layouts.txt")) {
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Layouts parse(String text) {
    Layouts l = new Layouts();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (line.contains("|")) {
        String[] parts = line.split("\\|");
        for (int i = 0; i < parts.length; i++) {
          parts[i] = parts[i].trim();
        }
        l.functions.add(parts);
        continue;
      }
      String[] t = line.trim().split("\\s+");
      switch (t[0]) {
        case "TYPE" -> l.typeSizes.put(t[1], Integer.parseInt(t[2]));
        case "CONST" -> {
          l.constants.put(t[2], Long.parseLong(t[4]));
          l.constantGroups.put(t[2], t[1]);
        }
        default -> l.records.put(t[0] + " " + t[1],
            new Row(Integer.parseInt(t[2]), Integer.parseInt(t[3])));
      }
    }
    return l;
  }

  /** The recorded offset of {@code struct}'s member {@code field} (a dotted path allowed). */
  int offset(String struct, String field) {
    Row row = records.get(struct + " " + field);
    if (row == null) {
      throw new IllegalArgumentException("no recorded member " + struct + " " + field);
    }
    return row.first();
  }

  /** The recorded size of {@code struct}. */
  int size(String struct) {
    return records.get(struct + " -").first();
  }

  /** The rows of {@code kind} (FUNC, CALLBACK, EXPORT) for {@code dll}. */
  List<String[]> functions(String kind, String dll) {
    return functions.stream().filter(f -> f[0].equals(kind) && f[1].equals(dll)).toList();
  }

  /**
   * Every difference between {@code s} (named {@code abiName}) and the recorded layout: size,
   * alignment, and offset and size of every recorded member, nested paths included; empty if none.
   */
  List<String> compare(String abiName, Structure s) {
    List<String> errors = new ArrayList<>();
    Row whole = records.get(abiName + " -");
    if (whole == null) {
      errors.add(abiName + ": not in layouts.txt");
      return errors;
    }
    if (s.size() != whole.first()) {
      errors.add(abiName + ": size " + s.size() + ", Windows x64 has " + whole.first());
    }
    int alignment = alignmentOf(s);
    if (alignment != whole.second()) {
      errors.add(abiName + ": alignment " + alignment + ", Windows x64 has " + whole.second());
    }
    String prefix = abiName + " ";
    records.forEach((key, row) -> {
      if (!key.startsWith(prefix) || key.endsWith(" -") || key.substring(prefix.length()).contains(" ")) {
        return;
      }
      String path = key.substring(prefix.length());
      try {
        int[] found = locate(s, path);
        if (found[0] != row.first() || found[1] != row.second()) {
          errors.add(abiName + "." + path + ": offset " + found[0] + " size " + found[1]
              + ", Windows x64 has offset " + row.first() + " size " + row.second());
        }
      } catch (ReflectiveOperationException | IllegalArgumentException e) {
        errors.add(abiName + "." + path + ": no such member in " + s.getClass().getSimpleName());
      }
    });
    return errors;
  }

  /** The offset (from the start of {@code s}) and size of the member at dotted {@code path}. */
  private static int[] locate(Structure s, String path) throws ReflectiveOperationException {
    int dot = path.indexOf('.');
    String name = dot < 0 ? path : path.substring(0, dot);
    Field field = s.getClass().getField(name);
    int offset = offsetOf(s, name);
    Object value = field.get(s);
    if (dot < 0) {
      return new int[] {offset, Native.getNativeSize(field.getType(), value)};
    }
    int[] inner = locate((Structure) value, path.substring(dot + 1));
    return new int[] {offset + inner[0], inner[1]};
  }

  private static int offsetOf(Structure s, String name) {
    if (s instanceof AbiStructure a) {
      return a.fieldOffset(name);
    }
    return ((AbiUnion) s).fieldOffset(name);
  }

  private static int alignmentOf(Structure s) {
    if (s instanceof AbiStructure a) {
      return a.alignment();
    }
    return ((AbiUnion) s).alignment();
  }
}
