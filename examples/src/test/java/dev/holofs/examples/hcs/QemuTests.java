package dev.holofs.examples.hcs;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.holofs.hcs.ComputeSystem;
import dev.holofs.hcs.EventOptions;
import dev.holofs.hcs.GuestImage;
import dev.holofs.hcs.HcsEvent;
import dev.holofs.hcs.HcsEventType;
import dev.holofs.hcs.HcsException;
import java.util.concurrent.CompletableFuture;

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

  /** Sets {@code system}'s event callback; the future gets its exited event. */
  static CompletableFuture<HcsEvent> exitedEvent(ComputeSystem system) {
    CompletableFuture<HcsEvent> exited = new CompletableFuture<>();
    system.setEventCallback(EventOptions.NONE, event -> {
      if (event.type() == HcsEventType.SYSTEM_EXITED) {
        exited.complete(event);
      }
    });
    return exited;
  }
}
