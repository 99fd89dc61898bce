package dev.holofs.examples.hcs;

import dev.holofs.hcs.ComputeSystem;
import dev.holofs.hcs.EventOptions;
import dev.holofs.hcs.HResults;
import dev.holofs.hcs.HcsEventType;
import dev.holofs.hcs.HcsException;
import dev.holofs.hcs.Operation;
import dev.holofs.hcs.OperationType;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The HCS "Operation Completion Samples" in Java: three ways to learn that an operation completed
 * (wait, an operation callback, the compute system's event callback), each creating and starting
 * the seed's empty VM, and the refusal of an operation callback once the system's event callback
 * delivers completions.
 */
public final class OperationCompletionSamples {

  /** The seed's "empty" VM: the bare minimum HCS needs, no guest and no storage. */
  public static final String EMPTY_VM = """
      {
          "SchemaVersion": {
              "Major": 2,
              "Minor": 1
          },
          "Owner": "Sample",
          "VirtualMachine": {
              "Chipset": {
                  "Uefi": {}
              },
              "ComputeTopology": {
                  "Memory": {
                      "Backing": "Physical",
                      "SizeInMB": 1024
                  },
                  "Processor": {
                      "Count": 2
                  }
              }
          },
          "ShouldTerminateOnLastHandleClosed": true
      }""";

  /** INFINITE, as far as a sample is concerned. */
  private static final Duration INFINITE = Duration.ofDays(1);

  private OperationCompletionSamples() {}

  /** Pattern 1: wait for each operation synchronously. Returns the started system. */
  public static ComputeSystem waitForOperation(String id, String document)
      throws HcsException, InterruptedException {
    ComputeSystem system;
    try (Operation operation = Operation.create()) {
      system = ComputeSystem.create(id, document, operation);
      operation.waitForResult(INFINITE);
    }
    try (Operation operation = Operation.create()) {
      system.start(operation);
      operation.waitForResult(INFINITE);
    }
    return system;
  }

  /**
   * Pattern 2: an operation callback. The operation is not kept: the callback reads the result
   * and closes it; the caller waits on its own event (here a future).
   */
  public static ComputeSystem operationCallback(String id, String document) throws Exception {
    CompletableFuture<String> created = new CompletableFuture<>();
    ComputeSystem system = ComputeSystem.create(id, document, Operation.create(operation ->
        finish(operation, OperationType.CREATE, created)));
    created.get(1, TimeUnit.DAYS);
    CompletableFuture<String> started = new CompletableFuture<>();
    system.start(Operation.create(operation -> finish(operation, OperationType.START, started)));
    started.get(1, TimeUnit.DAYS);
    return system;
  }

  /**
   * Pattern 3: the compute system's event callback with operation callbacks enabled; then the
   * refusal of an operation that has its own callback. Returns the started system.
   */
  public static ComputeSystem eventCallback(String id, String document) throws Exception {
    CompletableFuture<String> created = new CompletableFuture<>();
    CompletableFuture<String> started = new CompletableFuture<>();
    ComputeSystem system = ComputeSystem.create(id, document, Operation.create());
    system.setEventCallback(EventOptions.ENABLE_OPERATION_CALLBACKS, event -> {
      if (event.type() == HcsEventType.OPERATION_CALLBACK) {
        Operation operation = event.operation();
        finish(operation, operation.type(), operation.type() == OperationType.CREATE
            ? created : started);
      }
    });
    created.get(1, TimeUnit.DAYS);
    system.start(Operation.create());
    started.get(1, TimeUnit.DAYS);

    // However, once the system callback has been set, using an operation with callback fails!
    try {
      system.start(Operation.create(operation -> { }));
      throw new IllegalStateException("an operation callback was accepted");
    } catch (HcsException e) {
      if (e.hresult() != HResults.HCS_E_OPERATION_SYSTEM_CALLBACK_ALREADY_SET) {
        throw e;
      }
    }
    return system;
  }

  /** What each sample's callback does: check the type, take the result, close the operation. */
  private static void finish(Operation operation, OperationType expected,
      CompletableFuture<String> done) {
    try {
      if (operation.type() != expected) {
        throw new IllegalStateException("expected " + expected + ", got " + operation.type());
      }
      done.complete(operation.result());
    } catch (HcsException | RuntimeException e) {
      done.completeExceptionally(e);
    } finally {
      operation.close();
    }
  }
}
