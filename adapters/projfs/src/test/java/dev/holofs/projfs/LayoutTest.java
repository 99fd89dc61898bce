package dev.holofs.projfs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.WString;
import com.sun.jna.ptr.ByReference;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The binding against the Windows x64 layouts recorded from the SDK headers (layouts.txt): every
 * structure and union, field by field; every function and callback, parameter by parameter; every
 * constant.
 */
class LayoutTest {

  private static final String DLL = "ProjectedFSLib.dll";
  private final Layouts abi = Layouts.load();

  @Test
  void everyStructureOfTheBindingMatchesTheRecordedLayout() throws Exception {
    Map<String, Structure> structures = bindingStructures();
    assertThat(structures).hasSizeGreaterThanOrEqualTo(20);
    List<String> errors = new ArrayList<>();
    structures.forEach((name, s) -> errors.addAll(abi.compare(name, s)));
    assertThat(errors).isEmpty();
  }

  @Test
  void everyRecordedProjFsStructureIsBound() throws Exception {
    Set<String> bound = bindingStructures().keySet();
    Set<String> recorded = abi.records.keySet().stream()
        .filter(k -> k.endsWith(" -") && k.startsWith("PRJ_"))
        .map(k -> k.substring(0, k.length() - 2))
        .collect(Collectors.toSet());
    assertThat(bound).containsAll(recorded).contains("GUID");
  }

  @Test
  void aWrongOffsetIsCaught() {
    // PRJ_CALLBACK_DATA with CommandId as a 64-bit value: the two GUIDs after it move by 4.
    List<String> errors = abi.compare("PRJ_CALLBACK_DATA", new WrongCallbackData());
    assertThat(errors).containsExactly(
        "PRJ_CALLBACK_DATA.CommandId: offset 16 size 8, Windows x64 has offset 16 size 4",
        "PRJ_CALLBACK_DATA.FileId: offset 24 size 16, Windows x64 has offset 20 size 16",
        "PRJ_CALLBACK_DATA.DataStreamId: offset 40 size 16, Windows x64 has offset 36 size 16");
  }

  @Test
  void everyDeclaredFunctionIsBoundWithMatchingParameters() {
    Map<String, Method> methods = new TreeMap<>();
    for (Method m : ProjectedFsLib.class.getDeclaredMethods()) {
      if (!Modifier.isStatic(m.getModifiers())) {
        methods.put(m.getName(), m);
      }
    }
    List<String[]> declared = abi.functions("FUNC", DLL);
    assertThat(declared).hasSize(19);
    List<String> errors = new ArrayList<>();
    for (String[] f : declared) {
      Method m = methods.get(f[2]);
      if (m == null) {
        errors.add(f[2] + " is not bound");
        continue;
      }
      errors.addAll(compareSignature(f[2], f[3], f[4], m));
    }
    assertThat(errors).isEmpty();
    Set<String> exported = abi.functions("EXPORT", DLL).stream().map(f -> f[2])
        .collect(Collectors.toSet());
    assertThat(exported).containsAll(methods.keySet());
  }

  @Test
  void everyCallbackTypeMatchesItsDeclaration() {
    List<String[]> declared = abi.functions("CALLBACK", DLL);
    assertThat(declared).hasSize(8);
    List<String> errors = new ArrayList<>();
    for (String[] f : declared) {
      Class<?> type = callbackType(f[2]);
      Method m = Arrays.stream(type.getDeclaredMethods()).filter(x -> !x.isDefault()).findFirst()
          .orElseThrow();
      errors.addAll(compareSignature(f[2], f[3], f[4], m));
    }
    assertThat(errors).isEmpty();
  }

  @Test
  void everyConstantHasItsHeaderValue() throws IllegalAccessException {
    List<String> errors = new ArrayList<>();
    Set<String> javaNames = new java.util.HashSet<>();
    // Values not in the recorded list, checked against their Win32 codes instead.
    Map<String, Integer> unrecorded = Map.of(
        "HR_ERROR_REPARSE_POINT_ENCOUNTERED", 0x80070000 | 4395,
        "HR_ERROR_OPERATION_ABORTED", 0x80070000 | 995,
        "FILE_ATTRIBUTE_READONLY", 0x1, "FILE_ATTRIBUTE_DIRECTORY", 0x10,
        "FILE_ATTRIBUTE_NORMAL", 0x80);
    for (Field f : Prj.class.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers()) || f.getType() != int.class) {
        continue;
      }
      String cName = f.getName().startsWith("HR_")
          ? "HRESULT_FROM_WIN32(" + f.getName().substring(3) + ")" : f.getName();
      javaNames.add(cName);
      int value = f.getInt(null);
      Long recorded = abi.constants.get(cName);
      Integer expected = recorded != null ? Integer.valueOf(recorded.intValue()) : unrecorded.get(f.getName());
      if (expected == null) {
        errors.add(f.getName() + " is neither recorded nor known");
      } else if (expected != value) {
        errors.add(f.getName() + " = " + Prj.hex(value) + ", the header says " + Prj.hex(expected));
      }
    }
    abi.constantGroups.forEach((name, group) -> {
      if ((group.startsWith("PRJ_") || group.equals("HRESULT") && !name.startsWith("HCS_"))
          && !javaNames.contains(name)) {
        errors.add(name + " (" + group + ") has no constant");
      }
    });
    assertThat(errors).isEmpty();
  }

  /** Compares a Java method with a C return type and parameter list, by count and size. */
  private List<String> compareSignature(String name, String cReturn, String cParams, Method m) {
    List<String> errors = new ArrayList<>();
    String[] params = cParams.isEmpty() ? new String[0] : cParams.split(",");
    Class<?>[] java = m.getParameterTypes();
    if (java.length != params.length) {
      errors.add(name + ": " + java.length + " parameters, the header has " + params.length);
      return errors;
    }
    for (int i = 0; i < params.length; i++) {
      String p = params[i].trim();
      int want = p.contains("*") ? 8 : cSize(p.substring(0, p.lastIndexOf(' ')).trim());
      int have = javaSize(java[i]);
      if (want != have) {
        errors.add(name + " parameter " + (i + 1) + " (" + p + "): " + java[i].getSimpleName()
            + " is " + have + " bytes, the header's is " + want);
      }
    }
    int wantReturn = cReturn.equals("void") ? 0 : cSize(cReturn);
    int haveReturn = m.getReturnType() == void.class ? 0 : javaSize(m.getReturnType());
    if (wantReturn != haveReturn) {
      errors.add(name + " returns " + m.getReturnType().getSimpleName() + ", the header "
          + cReturn);
    }
    return errors;
  }

  private int cSize(String cType) {
    if (cType.endsWith("*") || cType.endsWith("WSTR")) {
      return 8;
    }
    Integer size = abi.typeSizes.get(cType.replace("const ", ""));
    if (size == null) {
      throw new IllegalArgumentException("no recorded size for " + cType);
    }
    return size;
  }

  private static int javaSize(Class<?> c) {
    if (c == byte.class) {
      return 1;
    }
    if (c == short.class) {
      return 2;
    }
    if (c == int.class) {
      return 4;
    }
    if (c == long.class) {
      return 8;
    }
    if (Pointer.class.isAssignableFrom(c) || c == WString.class || Structure.class.isAssignableFrom(c)
        || ByReference.class.isAssignableFrom(c) || Callback.class.isAssignableFrom(c)) {
      return 8;
    }
    return -1; // boolean, char, NativeLong, String: sizes that differ between Linux and Windows
  }

  /** {@code PRJ_GET_FILE_DATA_CB} → {@code PrjCallbacks.GetFileData}. */
  private static Class<?> callbackType(String cName) {
    String words = cName.substring("PRJ_".length(), cName.length() - "_CB".length());
    String camel = Arrays.stream(words.split("_"))
        .map(w -> w.charAt(0) + w.substring(1).toLowerCase())
        .collect(Collectors.joining());
    return Arrays.stream(PrjCallbacks.class.getDeclaredClasses())
        .filter(c -> c.getSimpleName().equals(camel)).findFirst()
        .orElseThrow(() -> new AssertionError(cName + " has no callback type " + camel));
  }

  /** Every AbiStructure and AbiUnion class of the main code, instantiated, by C name. */
  private static Map<String, Structure> bindingStructures() throws Exception {
    Path dir = Path.of(AbiStructure.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve("dev/holofs/projfs");
    Map<String, Structure> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String binary = "dev.holofs.projfs." + f.getFileName().toString().replace(".class", "");
        Class<?> c = Class.forName(binary);
        if ((AbiStructure.class.isAssignableFrom(c) || AbiUnion.class.isAssignableFrom(c))
            && !Modifier.isAbstract(c.getModifiers())) {
          Constructor<?> k = c.getDeclaredConstructor();
          k.setAccessible(true);
          Structure s = (Structure) k.newInstance();
          String name = s instanceof AbiStructure a ? a.abiName() : ((AbiUnion) s).abiName();
          out.put(name, s);
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out;
  }

  /** PRJ_CALLBACK_DATA with one deliberate mistake, to show the comparison catches it. */
  @Structure.FieldOrder({"Size", "Flags", "NamespaceVirtualizationContext", "CommandId", "FileId",
      "DataStreamId", "FilePathName", "VersionInfo", "TriggeringProcessId",
      "TriggeringProcessImageFileName", "InstanceContext"})
  public static final class WrongCallbackData extends AbiStructure {
    public int Size;
    public int Flags;
    public Pointer NamespaceVirtualizationContext;
    public long CommandId; // INT32 in the header
    public Guid FileId;
    public Guid DataStreamId;
    public Pointer FilePathName;
    public Pointer VersionInfo;
    public int TriggeringProcessId;
    public Pointer TriggeringProcessImageFileName;
    public Pointer InstanceContext;

    @Override
    String abiName() {
      return "PRJ_CALLBACK_DATA";
    }
  }
}
