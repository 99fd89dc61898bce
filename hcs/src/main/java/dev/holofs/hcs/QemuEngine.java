package dev.holofs.hcs;

import dev.holofs.hcs.schema.ComputeSystemDocument;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The Linux engine: each compute system is a {@code qemu-system-x86_64} process driven over QMP.
 * {@code HOLOFS_QEMU} names another binary; {@code HOLOFS_QEMU_ACCEL} picks the accelerator
 * ({@code tcg} by default: a {@code /dev/kvm} that exists may still not work, as under nested
 * virtualisation, where KVM hangs or aborts; set {@code kvm} where it does).
 */
final class QemuEngine implements Engine {

  static final String BINARY = "qemu-system-x86_64";

  @Override
  public String name() {
    return "qemu";
  }

  @Override
  public Backend create(String id, ComputeSystemDocument document, Backend.Listener listener)
      throws HcsException {
    String qemu = binary();
    String accel = System.getenv().getOrDefault("HOLOFS_QEMU_ACCEL", "tcg")
        .toLowerCase(Locale.ROOT);
    if (!accel.equals("tcg") && !accel.equals("kvm")) {
      throw new HcsException(HResults.E_INVALIDARG,
          "HOLOFS_QEMU_ACCEL must be tcg or kvm, not " + accel);
    }
    QemuSystem system = new QemuSystem(id, document, listener, qemu, accel);
    system.launch();
    return system;
  }

  /** The QEMU binary, or why there is none. */
  static String binary() throws HcsException {
    String unavailable = unavailabilityCause();
    if (unavailable != null) {
      throw new HcsException(HResults.HCS_E_SERVICE_NOT_AVAILABLE, unavailable);
    }
    return System.getenv().getOrDefault("HOLOFS_QEMU", BINARY);
  }

  /** Null if QEMU can run here, else why not. */
  static String unavailabilityCause() {
    String configured = System.getenv("HOLOFS_QEMU");
    if (configured != null) {
      return Files.isExecutable(Path.of(configured)) ? null
          : "HOLOFS_QEMU=" + configured + " is not an executable file";
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, BINARY))) {
        return null;
      }
    }
    return BINARY + " not found on PATH (Debian: apt-get install qemu-system-x86)";
  }
}
