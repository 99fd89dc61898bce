package dev.holofs.examples.hcs;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.holofs.hcs.ComputeSystem;
import dev.holofs.hcs.GuestImage;
import dev.holofs.hcs.HcsException;

/**
 * The rule for tests that boot a VM: they skip without QEMU or the guest image, unless
 * {@code HOLOFS_REQUIRE_QEMU=1} (CI) says both must be there, in which case they fail.
 */
final class QemuTests {

  private QemuTests() {}

  /** The guest image, after checking QEMU can run. */
  static GuestImage requireQemu() {
    String cause = ComputeSystem.unavailabilityCause();
    GuestImage guest = null;
    if (cause == null) {
      try {
        guest = GuestImage.find();
      } catch (HcsException e) {
        cause = e.getMessage();
      }
    }
    if (cause != null && "1".equals(System.getenv("HOLOFS_REQUIRE_QEMU"))) {
      throw new AssertionError("HOLOFS_REQUIRE_QEMU=1 but " + cause);
    }
    String why = cause;
    assumeTrue(why == null, () -> "QEMU unavailable: " + why);
    return guest;
  }
}
