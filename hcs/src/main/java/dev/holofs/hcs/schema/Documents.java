package dev.holofs.hcs.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.holofs.hcs.HResults;
import dev.holofs.hcs.HcsException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads and writes the documents. A malformed document, or one with a setting holofs does not
 * support, fails with {@code HCS_E_INVALID_JSON} and a message that names the field (e.g.
 * {@code VirtualMachine.ComputeTopology.Memory.SizeInMB}); nothing is silently ignored.
 */
public final class Documents {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);

  /** A share name: it becomes a 9p mount tag and a directory under /mnt in the guest. */
  private static final Pattern SHARE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final Set<String> BACKINGS = Set.of("Physical", "Virtual", "Hybrid");

  private Documents() {}

  /** Parses and checks a compute system document. */
  public static ComputeSystemDocument parse(String json) throws HcsException {
    ComputeSystemDocument document = read(json, ComputeSystemDocument.class);
    validate(document);
    return document;
  }

  /** Parses and checks a modify request. */
  public static ModifySettingRequest parseModify(String json) throws HcsException {
    ModifySettingRequest request = read(json, ModifySettingRequest.class);
    validate(request);
    return request;
  }

  /** The JSON text of a document. */
  public static String toJson(Object document) {
    try {
      return MAPPER.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Checks a document built in code as {@link #parse} checks a parsed one. */
  public static void validate(ComputeSystemDocument document) throws HcsException {
    SchemaVersion version = require(document.schemaVersion(), "SchemaVersion");
    if (version.major() != 2) {
      throw invalid("SchemaVersion.Major", "must be 2 (schema 2.x), not " + version.major());
    }
    VirtualMachine vm = require(document.virtualMachine(), "VirtualMachine");
    Chipset chipset = require(vm.chipset(), "VirtualMachine.Chipset");
    if ((chipset.uefi() == null) == (chipset.linuxKernelDirect() == null)) {
      throw invalid("VirtualMachine.Chipset", "needs exactly one of Uefi, LinuxKernelDirect");
    }
    if (chipset.linuxKernelDirect() != null) {
      require(chipset.linuxKernelDirect().kernelFilePath(),
          "VirtualMachine.Chipset.LinuxKernelDirect.KernelFilePath");
    }
    ComputeTopology topology = require(vm.computeTopology(), "VirtualMachine.ComputeTopology");
    Memory memory = require(topology.memory(), "VirtualMachine.ComputeTopology.Memory");
    if (memory.sizeInMB() < 16) {
      throw invalid("VirtualMachine.ComputeTopology.Memory.SizeInMB",
          "must be at least 16, not " + memory.sizeInMB());
    }
    if (memory.backing() != null && !BACKINGS.contains(memory.backing())) {
      throw invalid("VirtualMachine.ComputeTopology.Memory.Backing",
          "must be one of " + BACKINGS + ", not '" + memory.backing() + "'");
    }
    if (topology.processor() != null && topology.processor().count() < 1) {
      throw invalid("VirtualMachine.ComputeTopology.Processor.Count", "must be at least 1");
    }
    Devices devices = vm.devices();
    if (devices == null) {
      return;
    }
    if (devices.comPorts() != null) {
      for (Map.Entry<String, ComPort> port : devices.comPorts().entrySet()) {
        if (!port.getKey().equals("0")) {
          throw invalid("VirtualMachine.Devices.ComPorts." + port.getKey(),
              "unsupported: only port \"0\" (the console) is");
        }
        require(port.getValue() == null ? null : port.getValue().namedPipe(),
            "VirtualMachine.Devices.ComPorts.0.NamedPipe");
      }
    }
    if (devices.plan9() != null) {
      Set<String> names = new HashSet<>();
      for (int i = 0; i < devices.plan9().shares().size(); i++) {
        Plan9Share share = devices.plan9().shares().get(i);
        String at = "VirtualMachine.Devices.Plan9.Shares[" + i + "]";
        validate(share, at);
        if (!names.add(share.name())) {
          throw invalid(at + ".Name", "'" + share.name() + "' is shared twice");
        }
      }
    }
  }

  /** Checks a modify request built in code as {@link #parseModify} checks a parsed one. */
  public static void validate(ModifySettingRequest request) throws HcsException {
    String path = require(request.resourcePath(), "ResourcePath");
    if (!path.equals(ModifySettingRequest.PLAN9_SHARES)) {
      throw invalid("ResourcePath", "unsupported: '" + path + "' (supported: "
          + ModifySettingRequest.PLAN9_SHARES + ")");
    }
    String type = require(request.requestType(), "RequestType");
    if (!type.equals("Add")) {
      throw invalid("RequestType", "unsupported: '" + type + "' (supported: Add)");
    }
    validate(require(request.settings(), "Settings"), "Settings");
  }

  private static void validate(Plan9Share share, String at) throws HcsException {
    String name = require(share.name(), at + ".Name");
    if (!SHARE_NAME.matcher(name).matches()) {
      throw invalid(at + ".Name", "must be 1-63 letters, digits, '.', '_' or '-', starting"
          + " with a letter or digit");
    }
    if (share.accessName() != null && !share.accessName().equals(name)) {
      throw invalid(at + ".AccessName", "unsupported: must equal Name");
    }
    if (share.projection() == null) {
      require(share.path(), at + ".Path");
    }
    int flags = share.flags() == null ? 0 : share.flags();
    if ((flags & ~Plan9Share.READ_ONLY) != 0) {
      throw invalid(at + ".Flags", String.format(
          "unsupported flags 0x%x (supported: ReadOnly 0x1)", flags & ~Plan9Share.READ_ONLY));
    }
  }

  private static <T> T read(String json, Class<T> type) throws HcsException {
    if (json == null) {
      throw invalid("(document)", "missing");
    }
    try {
      T value = MAPPER.readValue(json, type);
      if (value == null) {
        throw invalid("(document)", "is null");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw invalid(path(e), "unsupported setting (known here: " + e.getKnownPropertyIds()
          .stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")");
    } catch (JsonMappingException e) {
      String what = e.getOriginalMessage();
      int newline = what.indexOf('\n');
      throw invalid(path(e), newline < 0 ? what : what.substring(0, newline));
    } catch (JsonProcessingException e) {
      throw invalid("(document)", "not JSON: " + e.getOriginalMessage() + " at line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
    }
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "(document)" : path.toString();
  }

  private static <T> T require(T value, String field) throws HcsException {
    if (value == null) {
      throw invalid(field, "missing");
    }
    return value;
  }

  private static HcsException invalid(String field, String problem) {
    return new HcsException(HResults.HCS_E_INVALID_JSON, field + ": " + problem);
  }
}
