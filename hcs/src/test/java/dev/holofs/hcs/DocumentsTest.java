package dev.holofs.hcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.holofs.hcs.schema.ComputeSystemDocument;
import dev.holofs.hcs.schema.Documents;
import dev.holofs.hcs.schema.ModifySettingRequest;
import org.junit.jupiter.api.Test;

class DocumentsTest {

  private static final String VM = """
      {"SchemaVersion": {"Major": 2, "Minor": 1}, "Owner": "test",
       "VirtualMachine": {
         "Chipset": {"LinuxKernelDirect": {"KernelFilePath": "/k", "InitRdPath": "/i",
                                           "KernelCmdLine": "console=ttyS0"}},
         "ComputeTopology": {"Memory": {"SizeInMB": 256, "Backing": "Virtual"},
                             "Processor": {"Count": 2}},
         "Devices": {"Plan9": {"Shares": [{"Name": "data", "AccessName": "data", "Path": "/srv",
                                          "Port": 564, "Flags": 1}]},
                     "ComPorts": {"0": {"NamedPipe": "/tmp/console"}}}},
       "ShouldTerminateOnLastHandleClosed": true}""";

  @Test
  void readsTheSubsetAVmNeeds() throws Exception {
    ComputeSystemDocument document = Documents.parse(VM);
    assertThat(document.virtualMachine().computeTopology().memory().sizeInMB()).isEqualTo(256);
    assertThat(document.virtualMachine().computeTopology().processor().count()).isEqualTo(2);
    assertThat(document.virtualMachine().chipset().linuxKernelDirect().initRdPath())
        .isEqualTo("/i");
    assertThat(document.virtualMachine().devices().plan9().shares().get(0).readOnly()).isTrue();
    assertThat(document.terminatesOnLastHandleClosed()).isTrue();
    assertThat(Documents.parse(Documents.toJson(document))).isEqualTo(document);
  }

  @Test
  void wrongTypeNamesTheField() {
    assertRefused(VM.replace("\"SizeInMB\": 256", "\"SizeInMB\": \"lots\""),
        "VirtualMachine.ComputeTopology.Memory.SizeInMB");
  }

  @Test
  void unsupportedSettingIsRefusedByName() {
    assertRefused(VM.replace("\"ComPorts\"", "\"VirtualSmb\": {}, \"ComPorts\""),
        "VirtualMachine.Devices.VirtualSmb: unsupported setting");
    assertRefused(VM.replace("\"Flags\": 1", "\"Flags\": 65"),
        "VirtualMachine.Devices.Plan9.Shares[0].Flags: unsupported flags 0x40");
    assertRefused(VM.replace("\"Chipset\": {", "\"Chipset\": {\"Uefi\": {\"SecureBootTemplateId\": \"x\"}, "),
        "VirtualMachine.Chipset.Uefi.SecureBootTemplateId: unsupported setting");
  }

  @Test
  void missingOrInconsistentFieldsAreNamed() {
    assertRefused(VM.replace("\"Major\": 2", "\"Major\": 1"), "SchemaVersion.Major");
    assertRefused(VM.replace("\"Name\": \"data\", ", ""),
        "VirtualMachine.Devices.Plan9.Shares[0].Name: missing");
    assertRefused(VM.replace("\"Name\": \"data\"", "\"Name\": \"../x\"")
        .replace("\"AccessName\": \"data\", ", ""), "Shares[0].Name: must be");
    assertRefused("{\"SchemaVersion\": {\"Major\": 2, \"Minor\": 1}}", "VirtualMachine: missing");
    assertRefused("{\"SchemaVersion\": ", "(document): not JSON");
  }

  @Test
  void modifyRequestsOtherThanAddingAShareAreRefusedByName() throws Exception {
    String add = "{\"ResourcePath\": \"VirtualMachine/Devices/Plan9/Shares\","
        + " \"RequestType\": \"Add\", \"Settings\": {\"Name\": \"late\", \"Path\": \"/srv\"}}";
    assertThat(Documents.parseModify(add).settings().name()).isEqualTo("late");
    HcsException e = catchThrowableOfType(HcsException.class,
        () -> Documents.parseModify(add.replace("\"Add\"", "\"Remove\"")));
    assertThat(e.getMessage()).contains("RequestType: unsupported: 'Remove'");
    e = catchThrowableOfType(HcsException.class, () -> Documents.parseModify(
        add.replace(ModifySettingRequest.PLAN9_SHARES, "VirtualMachine/Devices/Scsi")));
    assertThat(e.getMessage()).contains("ResourcePath: unsupported: 'VirtualMachine/Devices/Scsi'");
  }

  private static void assertRefused(String json, String expected) {
    HcsException e = catchThrowableOfType(HcsException.class, () -> Documents.parse(json));
    assertThat(e).as("refused: %s", json).isNotNull();
    assertThat(e.hresult()).isEqualTo(HResults.HCS_E_INVALID_JSON);
    assertThat(e.getMessage()).contains(expected);
    assertThat(e.resultDocument()).contains("\"Error\":" + HResults.HCS_E_INVALID_JSON)
        .contains("\"ErrorMessage\"");
  }
}
