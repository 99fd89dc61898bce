package dev.holofs.hcs;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One HCS operation ({@code HCS_OPERATION}): created by the caller, handed to exactly one call
 * (create, start, ...), completed by the engine. Three ways to learn it completed: {@link
 * #waitForResult}, a callback given at creation, or the compute system's event callback with
 * {@link EventOptions#ENABLE_OPERATION_CALLBACKS}.
 *
 * <p>Reusing an operation fails with {@code HCS_E_OPERATION_ALREADY_STARTED}; closing it twice,
 * or using it after close, throws {@link IllegalStateException}. Closing does not cancel the work.
 */
public final class Operation implements AutoCloseable {

  private final OperationCallback callback;
  private final CountDownLatch done = new CountDownLatch(1);
  private OperationType type = OperationType.NONE;
  private Consumer<Operation> notifier;
  private String result;
  private HcsException failure;
  private boolean closed;

  private Operation(OperationCallback callback) {
    this.callback = callback;
  }

  /** An operation to wait on ({@code HcsCreateOperation(nullptr, nullptr)}). */
  public static Operation create() {
    return new Operation(null);
  }

  /** An operation whose completion calls {@code callback} ({@code HcsCreateOperation(context, callback)}). */
  public static Operation create(OperationCallback callback) {
    if (callback == null) {
      throw new NullPointerException("callback");
    }
    return new Operation(callback);
  }

  /** What the operation tracks; {@link OperationType#NONE} until a call uses it. */
  public synchronized OperationType type() {
    checkOpen();
    return type;
  }

  /** True once the operation completed, successfully or not. */
  public boolean isDone() {
    return done.getCount() == 0;
  }

  /**
   * Waits for the result document ({@code HcsWaitForOperationResult}).
   *
   * @throws HcsException {@code HCS_E_OPERATION_TIMEOUT} when {@code timeout} passes first (the
   *     operation goes on and may still be waited for); the operation's own failure otherwise
   * @throws InterruptedException if interrupted while waiting
   */
  public String waitForResult(Duration timeout) throws HcsException, InterruptedException {
    synchronized (this) {
      checkOpen();
      checkStarted();
    }
    if (!done.await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS)) {
      throw new HcsException(HResults.HCS_E_OPERATION_TIMEOUT,
          type + " did not complete within " + timeout);
    }
    return result();
  }

  /**
   * The result document of the completed operation ({@code HcsGetOperationResult}).
   *
   * @throws HcsException the operation's failure, or {@code HCS_E_OPERATION_PENDING} while it runs
   */
  public synchronized String result() throws HcsException {
    checkOpen();
    checkStarted();
    if (!isDone()) {
      throw new HcsException(HResults.HCS_E_OPERATION_PENDING, type + " has not completed");
    }
    if (failure != null) {
      throw new HcsException(failure.resultError(), failure);
    }
    return result;
  }

  /** Releases the operation ({@code HcsCloseOperation}); the work it tracks goes on. */
  @Override
  public synchronized void close() {
    checkOpen();
    closed = true;
  }

  boolean hasCallback() {
    return callback != null;
  }

  /** Binds the operation to a call; {@code notifier} learns of completion when it has no callback. */
  synchronized void begin(OperationType callType, Consumer<Operation> systemNotifier)
      throws HcsException {
    checkOpen();
    if (type != OperationType.NONE) {
      throw new HcsException(HResults.HCS_E_OPERATION_ALREADY_STARTED,
          "the operation was already used by " + type + "; an operation serves one call");
    }
    type = callType;
    notifier = systemNotifier;
  }

  /** Unbinds after the call that took the operation failed at once: it was never started. */
  synchronized void abandon() {
    if (!isDone()) {
      type = OperationType.NONE;
      notifier = null;
    }
  }

  /** Completes with a result document, or with {@code error}; later completions are ignored. */
  void complete(String resultDocument, HcsException error) {
    Consumer<Operation> notify;
    synchronized (this) {
      if (isDone()) {
        return;
      }
      result = resultDocument;
      failure = error;
      done.countDown();
      notify = notifier;
    }
    if (callback != null) {
      callback.completed(this);
    } else if (notify != null) {
      notify.accept(this);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the operation is closed");
    }
  }

  private void checkStarted() throws HcsException {
    if (type == OperationType.NONE) {
      throw new HcsException(HResults.HCS_E_OPERATION_NOT_STARTED,
          "the operation was not passed to any call");
    }
  }
}
