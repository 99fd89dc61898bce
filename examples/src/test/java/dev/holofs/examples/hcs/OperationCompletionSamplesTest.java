package dev.holofs.examples.hcs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.hcs.ComputeSystem;
import dev.holofs.hcs.HcsEvent;
import dev.holofs.hcs.Operation;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each seed sample creates and starts the empty UEFI VM under QEMU, then it is terminated. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OperationCompletionSamplesTest {

  private static final Duration WAIT = Duration.ofMinutes(2);

  @Test
  void waitForOperationCreatesAndStarts() throws Exception {
    QemuTests.requireQemu();
    checkRunningThenTerminate(OperationCompletionSamples.waitForOperation("sample-wait",
        OperationCompletionSamples.EMPTY_VM));
  }

  @Test
  void operationCallbackCreatesAndStarts() throws Exception {
    QemuTests.requireQemu();
    checkRunningThenTerminate(OperationCompletionSamples.operationCallback("sample-callback",
        OperationCompletionSamples.EMPTY_VM));
  }

  @Test
  void eventCallbackCreatesStartsAndRefusesAnOperationCallback() throws Exception {
    QemuTests.requireQemu();
    // The sample itself fails unless the start with an operation callback is refused with
    // HCS_E_OPERATION_SYSTEM_CALLBACK_ALREADY_SET.
    checkRunningThenTerminate(OperationCompletionSamples.eventCallback("sample-event",
        OperationCompletionSamples.EMPTY_VM));
  }

  private static void checkRunningThenTerminate(ComputeSystem system) throws Exception {
    CompletableFuture<HcsEvent> exited = QemuTests.exitedEvent(system);
    try (system) {
      try (Operation properties = Operation.create()) {
        system.properties(null, properties);
        assertThat(properties.waitForResult(WAIT)).contains("\"State\":\"Running\"");
      }
      try (Operation terminate = Operation.create()) {
        system.terminate(terminate);
        terminate.waitForResult(WAIT);
      }
    }
    assertThat(exited.get(2, TimeUnit.MINUTES).eventData())
        .contains("\"ExitType\":\"ForcedExit\"");
  }
}
