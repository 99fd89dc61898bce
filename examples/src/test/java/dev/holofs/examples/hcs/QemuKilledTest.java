package dev.holofs.examples.hcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.holofs.Projection;
import dev.holofs.examples.demo.DemoTree;
import dev.holofs.hcs.ComputeSystem;
import dev.holofs.hcs.GuestImage;
import dev.holofs.hcs.HResults;
import dev.holofs.hcs.HcsEvent;
import dev.holofs.hcs.HcsException;
import dev.holofs.hcs.Operation;
import dev.holofs.hcs.VirtualMachines;
import dev.holofs.hcs.schema.ComputeSystemDocument;
import dev.holofs.hcs.schema.Plan9Share;
import dev.holofs.testkit.KernelTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** QEMU killed mid-run: pending operations fail, the exited event comes, nothing is left behind. */
class QemuKilledTest {

  private static final Duration WAIT = Duration.ofMinutes(3);

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void killedQemuFailsPendingOperationsRaisesExitedAndLeavesNothing() throws Exception {
    KernelTests.requireFuse();
    GuestImage guest = QemuTests.requireQemu();
    Path mountpoint = Files.createDirectory(dir.resolve("demo"));
    ComputeSystemDocument document = VirtualMachines.withShare(
        VirtualMachines.linux(guest.kernel(), guest.initrd(), GuestImage.kernelCmdLine("sleep 600"),
            128, 1, dir.resolve("console.log").toString()),
        new Plan9Share("demo", "demo", mountpoint.toString(), null, Plan9Share.READ_ONLY,
            Projection.builder(DemoTree.create()).build()));
    try (Operation create = Operation.create();
        ComputeSystem system = ComputeSystem.create("killed", document, create)) {
      CompletableFuture<HcsEvent> exited = QemuTests.exitedEvent(system);
      create.waitForResult(WAIT);
      ProcessHandle qemu = ProcessHandle.current().descendants()
          .filter(p -> p.info().command().orElse("").contains("qemu-system"))
          .findFirst().orElseThrow();
      assertThat(mounted(mountpoint)).as("projection mounted while QEMU runs").isTrue();
      try (Operation start = Operation.create()) {
        system.start(start);
        start.waitForResult(WAIT);
      }
      try (Operation pause = Operation.create()) {
        system.pause(pause);
        pause.waitForResult(WAIT);
      }
      // A paused guest cannot answer the power button: this shutdown stays pending.
      try (Operation shutdown = Operation.create()) {
        system.shutdown(shutdown);
        assertThat(catchThrowableOfType(HcsException.class,
            () -> shutdown.waitForResult(Duration.ofMillis(200))).hresult())
            .isEqualTo(HResults.HCS_E_OPERATION_TIMEOUT);

        assertThat(qemu.destroyForcibly()).isTrue();

        HcsException failure = catchThrowableOfType(HcsException.class,
            () -> shutdown.waitForResult(WAIT));
        assertThat(failure.hresult()).isEqualTo(HResults.HCS_E_UNEXPECTED_EXIT);
      }
      HcsEvent exit = exited.get(WAIT.toMinutes(), TimeUnit.MINUTES);
      assertThat(exit.eventData()).contains("\"ExitType\":\"UnexpectedExit\"")
          .contains("\"Status\":" + HResults.HCS_E_UNEXPECTED_EXIT);
      assertThat(qemu.isAlive()).isFalse();
      assertThat(mounted(mountpoint)).as("projection unmounted once QEMU died").isFalse();
      try (Operation start = Operation.create()) {
        HcsException stopped = catchThrowableOfType(HcsException.class, () -> {
          system.start(start);
          start.waitForResult(WAIT);
        });
        assertThat(stopped.hresult()).isEqualTo(HResults.HCS_E_SYSTEM_ALREADY_STOPPED);
      }
    }
    assertThat(ProcessHandle.current().descendants()
        .filter(p -> p.info().command().orElse("").contains("qemu-system"))).isEmpty();
  }

  private static boolean mounted(Path mountpoint) throws Exception {
    List<String> lines = Files.readAllLines(Path.of("/proc/self/mountinfo"));
    return lines.stream().anyMatch(line -> line.split(" ")[4].equals(mountpoint.toString()));
  }
}
