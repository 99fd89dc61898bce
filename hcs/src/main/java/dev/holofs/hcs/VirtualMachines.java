package dev.holofs.hcs;

import dev.holofs.Projection;
import dev.holofs.hcs.schema.Chipset;
import dev.holofs.hcs.schema.ComPort;
import dev.holofs.hcs.schema.ComputeSystemDocument;
import dev.holofs.hcs.schema.ComputeTopology;
import dev.holofs.hcs.schema.Devices;
import dev.holofs.hcs.schema.LinuxKernelDirect;
import dev.holofs.hcs.schema.Memory;
import dev.holofs.hcs.schema.Plan9;
import dev.holofs.hcs.schema.Plan9Share;
import dev.holofs.hcs.schema.Processor;
import dev.holofs.hcs.schema.SchemaVersion;
import dev.holofs.hcs.schema.VirtualMachine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Documents for common VMs, and projected shares added to them. */
public final class VirtualMachines {

  private VirtualMachines() {}

  /**
   * A VM that boots a Linux kernel directly, with its console written to {@code console} (a
   * file; {@code "-"} is QEMU's standard input/output).
   */
  public static ComputeSystemDocument linux(Path kernel, Path initrd, String kernelCmdLine,
      int memoryMB, int cpus, String console) {
    return new ComputeSystemDocument(SchemaVersion.V2_1, "holofs",
        new VirtualMachine(
            new Chipset(null, new LinuxKernelDirect(kernel.toString(),
                initrd == null ? null : initrd.toString(), kernelCmdLine)),
            new ComputeTopology(new Memory(memoryMB, "Virtual"), new Processor(cpus)),
            new Devices(null, console == null ? null : Map.of("0", new ComPort(console)))),
        true);
  }

  /** {@code document} with one more share. */
  public static ComputeSystemDocument withShare(ComputeSystemDocument document,
      Plan9Share share) {
    VirtualMachine vm = document.virtualMachine();
    Devices devices = vm.devices() == null ? new Devices(null, null) : vm.devices();
    List<Plan9Share> shares = new ArrayList<>(
        devices.plan9() == null ? List.of() : devices.plan9().shares());
    shares.add(share);
    return new ComputeSystemDocument(document.schemaVersion(), document.owner(),
        new VirtualMachine(vm.chipset(), vm.computeTopology(),
            new Devices(new Plan9(shares), devices.comPorts())),
        document.shouldTerminateOnLastHandleClosed());
  }

  /**
   * {@code document} with {@code projection} shared read-only as {@code name}: holofs mounts the
   * projection before the VM opens the share, and unmounts it only after the VM has stopped.
   */
  public static ComputeSystemDocument withProjectedShare(ComputeSystemDocument document,
      String name, Projection projection) {
    return withShare(document, Plan9Share.projected(name, projection));
  }
}
