package dev.holofs.hcs;

/**
 * Told that an operation completed ({@code HCS_OPERATION_COMPLETION}); called once, on an engine
 * thread. It may read {@link Operation#result()} and close the operation.
 */
@FunctionalInterface
public interface OperationCallback {

  /** The operation completed, successfully or not. */
  void completed(Operation operation);
}
