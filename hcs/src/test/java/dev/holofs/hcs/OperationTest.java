package dev.holofs.hcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.holofs.hcs.schema.ComputeSystemDocument;
import dev.holofs.hcs.schema.Documents;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** HCS's operation rules, enforced by the API whatever the engine. */
class OperationTest {

  private static final Duration LONG = Duration.ofMinutes(1);
  private static final AtomicInteger IDS = new AtomicInteger();

  private final ScriptedEngine engine = new ScriptedEngine();

  private ComputeSystem create(Operation operation) throws Exception {
    ComputeSystemDocument document = Documents.parse("""
        {"SchemaVersion": {"Major": 2, "Minor": 1}, "VirtualMachine": {
          "Chipset": {"Uefi": {}}, "ComputeTopology": {"Memory": {"SizeInMB": 64}}}}""");
    return ComputeSystem.create(engine, "op-test-" + IDS.incrementAndGet(), document, operation);
  }

  @Test
  void aWaitThatTimesOutDoesNotCancelAndTheOperationStillCompletes() throws Exception {
    try (Operation create = Operation.create(); ComputeSystem system = create(create)) {
      HcsException timeout = catchThrowableOfType(HcsException.class,
          () -> create.waitForResult(Duration.ofMillis(10)));
      assertThat(timeout.hresult()).isEqualTo(HResults.HCS_E_OPERATION_TIMEOUT);
      assertThat(create.isDone()).isFalse();
      engine.created.complete("{\"created\":true}");
      assertThat(create.waitForResult(LONG)).isEqualTo("{\"created\":true}");
      assertThat(create.type()).isEqualTo(OperationType.CREATE);
      assertThat(system.id()).startsWith("op-test-");
    }
  }

  @Test
  void anOperationServesOneCallAndClosesOnce() throws Exception {
    Operation unused = Operation.create();
    assertThat(catchThrowableOfType(HcsException.class, unused::result).hresult())
        .isEqualTo(HResults.HCS_E_OPERATION_NOT_STARTED);
    Operation create = Operation.create();
    try (ComputeSystem system = create(create)) {
      assertThat(catchThrowableOfType(HcsException.class, create::result).hresult())
          .isEqualTo(HResults.HCS_E_OPERATION_PENDING);
      assertThat(catchThrowableOfType(HcsException.class, () -> system.start(create)).hresult())
          .isEqualTo(HResults.HCS_E_OPERATION_ALREADY_STARTED);
    }
    create.close();
    assertThatThrownBy(create::close).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(create::type).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void operationCallbackRunsOnceWithTheResult() throws Exception {
    CompletableFuture<String> seen = new CompletableFuture<>();
    AtomicInteger calls = new AtomicInteger();
    try (ComputeSystem system = create(Operation.create(operation -> {
      calls.incrementAndGet();
      try {
        seen.complete(operation.type() + " " + operation.result());
      } catch (HcsException e) {
        seen.completeExceptionally(e);
      }
      operation.close();
    }))) {
      engine.created.complete("ok");
      assertThat(seen.get(1, TimeUnit.MINUTES)).isEqualTo("CREATE ok");
      assertThat(calls.get()).isEqualTo(1);
      assertThat(system.document().virtualMachine().chipset().uefi()).isNotNull();
    }
  }

  @Test
  void failuresCarryTheResultErrorDocument() throws Exception {
    try (Operation create = Operation.create(); ComputeSystem system = create(create)) {
      engine.created.completeExceptionally(new HcsException(new ResultError(
          HResults.HCS_E_TERMINATED_DURING_START, "no firmware",
          List.of(new ResultError.ErrorEvent("qemu: missing bios", "qemu", 7))), null));
      HcsException e = catchThrowableOfType(HcsException.class, () -> create.waitForResult(LONG));
      assertThat(e.hresult()).isEqualTo(HResults.HCS_E_TERMINATED_DURING_START);
      assertThat(e.resultError().errorEvents()).extracting(ResultError.ErrorEvent::message)
          .containsExactly("qemu: missing bios");
      assertThat(e.resultDocument()).contains("\"ErrorMessage\":\"no firmware\"")
          .contains("\"ErrorEvents\":[{\"Message\":\"qemu: missing bios\"");
      assertThat(system.id()).isNotNull();
    }
  }

  @Test
  void withOperationCallbacksEnabledCompletionsAreEventsAndOwnCallbacksAreRefused()
      throws Exception {
    CompletableFuture<OperationType> createdEvent = new CompletableFuture<>();
    CompletableFuture<OperationType> startedEvent = new CompletableFuture<>();
    try (ComputeSystem system = create(Operation.create())) {
      // Before the callback is set an operation callback is fine.
      system.properties(null, Operation.create(operation -> { }));
      engine.created.complete("");  // completes before any event callback exists: kept
      system.setEventCallback(EventOptions.ENABLE_OPERATION_CALLBACKS, event -> {
        if (event.type() == HcsEventType.OPERATION_CALLBACK) {
          (event.operation().type() == OperationType.CREATE ? createdEvent : startedEvent)
              .complete(event.operation().type());
        }
      });
      assertThat(createdEvent.get(1, TimeUnit.MINUTES)).isEqualTo(OperationType.CREATE);
      system.start(Operation.create());
      engine.started.complete("");
      assertThat(startedEvent.get(1, TimeUnit.MINUTES)).isEqualTo(OperationType.START);

      HcsException refused = catchThrowableOfType(HcsException.class,
          () -> system.start(Operation.create(operation -> { })));
      assertThat(refused.hresult())
          .isEqualTo(HResults.HCS_E_OPERATION_SYSTEM_CALLBACK_ALREADY_SET);
    }
  }

  @Test
  void idsAreUniqueAndOpenFindsOnlyLiveSystems() throws Exception {
    try (ComputeSystem system = create(Operation.create())) {
      engine.created.complete("");
      assertThat(catchThrowableOfType(HcsException.class, () -> ComputeSystem.create(
          new ScriptedEngine(), system.id(), system.document(), Operation.create())).hresult())
          .isEqualTo(HResults.HCS_E_SYSTEM_ALREADY_EXISTS);
      try (ComputeSystem again = ComputeSystem.open(system.id())) {
        assertThat(again.id()).isEqualTo(system.id());
      }
      engine.terminated.complete("");
      engine.listener.event(HcsEventType.SYSTEM_EXITED, "{}");
      assertThat(catchThrowableOfType(HcsException.class, () -> ComputeSystem.open(system.id()))
          .hresult()).isEqualTo(HResults.HCS_E_SYSTEM_NOT_FOUND);
    }
  }
}
