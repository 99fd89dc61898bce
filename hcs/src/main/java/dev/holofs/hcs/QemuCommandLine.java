package dev.holofs.hcs;

import dev.holofs.hcs.schema.Chipset;
import dev.holofs.hcs.schema.ComPort;
import dev.holofs.hcs.schema.ComputeSystemDocument;
import dev.holofs.hcs.schema.Devices;
import dev.holofs.hcs.schema.LinuxKernelDirect;
import dev.holofs.hcs.schema.Plan9Share;
import dev.holofs.hcs.schema.VirtualMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A schema document as QEMU arguments. Shares arrive with their host directories resolved. */
final class QemuCommandLine {

  /** Where Debian's ovmf package puts the firmware. */
  static final List<Path> OVMF = List.of(Path.of("/usr/share/ovmf/OVMF.fd"),
      Path.of("/usr/share/qemu/OVMF.fd"));
  /** Hot-plug slots per VM: fsdevs declared at launch, their devices added by modify. */
  static final int READ_ONLY_SLOTS = 2;
  static final int WRITABLE_SLOTS = 2;

  private QemuCommandLine() {}

  static List<String> build(String qemu, String accel, ComputeSystemDocument document,
      Map<String, Path> shareDirs, List<Path> hotSlots, Path qmpSocket) throws HcsException {
    VirtualMachine vm = document.virtualMachine();
    List<String> args = new ArrayList<>(List.of(qemu, "-machine", "pc", "-accel", accel,
        "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot", "-S",
        "-qmp", "unix:" + qmpSocket + ",server=on,wait=off",
        "-m", String.valueOf(vm.computeTopology().memory().sizeInMB()),
        "-smp", String.valueOf(vm.computeTopology().processor() == null ? 1
            : vm.computeTopology().processor().count())));
    boot(vm.chipset(), args);
    Devices devices = vm.devices();
    ComPort console = devices == null || devices.comPorts() == null ? null
        : devices.comPorts().get("0");
    if (console == null) {
      args.addAll(List.of("-serial", "none"));
    } else if (console.namedPipe().equals("-")) {
      args.addAll(List.of("-serial", "stdio"));
    } else {
      args.addAll(List.of("-serial", "file:" + console.namedPipe()));
    }
    List<Plan9Share> shares = devices == null || devices.plan9() == null ? List.of()
        : devices.plan9().shares();
    int n = 0;
    for (Plan9Share share : shares) {
      String fsdev = "fs" + n++;
      args.addAll(List.of("-fsdev", fsdev(fsdev, shareDirs.get(share.name()), share.readOnly()),
          "-device", "virtio-9p-pci,fsdev=" + fsdev + ",mount_tag=" + share.name()));
    }
    // QMP has no fsdev_add, but a 9p device opens its fsdev's directory only when it is added:
    // declaring the fsdevs now on paths filled in later lets modify hot-plug a share.
    for (int i = 0; i < hotSlots.size(); i++) {
      args.addAll(List.of("-fsdev", fsdev("hot" + i, hotSlots.get(i), i < READ_ONLY_SLOTS)));
    }
    return args;
  }

  private static String fsdev(String id, Path path, boolean readOnly) {
    String p = path.toString();
    if (p.contains(",")) {
      p = p.replace(",", ",,");
    }
    return "local,id=" + id + ",path=" + p + ",security_model=none" + (readOnly ? ",readonly=on" : "");
  }

  private static void boot(Chipset chipset, List<String> args) throws HcsException {
    LinuxKernelDirect direct = chipset.linuxKernelDirect();
    if (direct != null) {
      existing(direct.kernelFilePath(), "VirtualMachine.Chipset.LinuxKernelDirect.KernelFilePath");
      args.addAll(List.of("-kernel", direct.kernelFilePath()));
      if (direct.initRdPath() != null) {
        existing(direct.initRdPath(), "VirtualMachine.Chipset.LinuxKernelDirect.InitRdPath");
        args.addAll(List.of("-initrd", direct.initRdPath()));
      }
      if (direct.kernelCmdLine() != null) {
        args.addAll(List.of("-append", direct.kernelCmdLine()));
      }
      return;
    }
    Path firmware = OVMF.stream().filter(Files::isReadable).findFirst().orElseThrow(
        () -> new HcsException(HResults.HCS_E_SYSTEM_NOT_CONFIGURED_FOR_OPERATION,
            "VirtualMachine.Chipset.Uefi: unsupported here, no OVMF firmware at " + OVMF
                + " (Debian: apt-get install ovmf)"));
    args.addAll(List.of("-bios", firmware.toString()));
  }

  private static void existing(String file, String field) throws HcsException {
    if (!Files.isReadable(Path.of(file))) {
      throw new HcsException(HResults.E_INVALIDARG, field + ": no readable file " + file);
    }
  }
}
