package dev.holofs.engine;

import dev.holofs.ProjectionStats.Callback;
import dev.holofs.spi.Command;
import dev.holofs.spi.PlaceholderVersion;
import dev.holofs.spi.Printable;
import dev.holofs.spi.ProjectedPath;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command: the provider's {@link Command} and the adapter's {@link Call} of the same thing.
 *
 * <p>Its life is one atomic state, RUNNING → PENDING → COMPLETED | CANCELLED; whichever terminal
 * transition comes first wins and every later one is a silent no-op, so a command is answered
 * exactly once however completion and cancellation race.
 */
final class EngineCommand<T> implements Command, Call<T> {

  private static final Logger log = LoggerFactory.getLogger(EngineCommand.class);

  static final int RUNNING = 0;
  static final int PENDING = 1;
  static final int COMPLETED = 2;
  static final int CANCELLED = 3;

  private final long id;
  private final Callback kind;
  private final ProjectedPath path;
  private final int processId;
  private final PlaceholderVersion version;
  private final WorkerPool pool;
  /** Runs cancel actions: provider code never runs on the thread that cancels (a kernel reader). */
  private final Executor notifier;
  private final LongConsumer providerCancel;
  /** Runs just before a successful answer is published; set before the command can end. */
  private volatile Runnable beforeSuccess;
  /** Told once the command ends, before its answer is published (so the table never lags it). */
  private volatile BiConsumer<? super EngineCommand<T>, Throwable> onEnd;
  /**
   * NOT_INVOKED until the callback is invoked (INVOKED) or the command ends first (NEVER, and it
   * never will be): one atomic choice, so the provider hears of a cancel exactly when it saw the
   * command.
   */
  private volatile int invocation;
  private static final int NOT_INVOKED = 0;
  private static final int INVOKED = 1;
  private static final int NEVER = 2;
  /** RUNNING (0, the initial value), PENDING, COMPLETED or CANCELLED. */
  private volatile int state;
  /** The callback, until {@link #start()} runs it; only for a call that came back unstarted. */
  private volatile Runnable startable;
  // Fields updated in place, not atomic objects of their own: a command is made per request.
  private static final VarHandle INVOCATION;
  private static final VarHandle STATE;
  private static final VarHandle STARTABLE;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      INVOCATION = lookup.findVarHandle(EngineCommand.class, "invocation", int.class);
      STATE = lookup.findVarHandle(EngineCommand.class, "state", int.class);
      STARTABLE = lookup.findVarHandle(EngineCommand.class, "startable", Runnable.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
  /** What {@link #cancelActions} becomes when the command ends. */
  private static final List<Runnable> ENDED = List.of();

  private final CompletableFuture<T> result = new CompletableFuture<>();
  private final long startNanos = System.nanoTime();
  /** Guarded by this; null until the first is added, {@link #ENDED} once the command has ended. */
  private List<Runnable> cancelActions;

  EngineCommand(long id, Callback kind, ProjectedPath path, int processId,
      PlaceholderVersion version, WorkerPool pool, Executor notifier, LongConsumer providerCancel) {
    this.id = id;
    this.kind = kind;
    this.path = path;
    this.processId = processId;
    this.version = version;
    this.pool = pool;
    this.notifier = notifier;
    this.providerCancel = providerCancel;
  }

  /**
   * Adds what runs when the command ends (with null or the error), before its answer is visible.
   * Added after the command ended, it runs at once (possibly twice: make it idempotent).
   */
  void onEnd(BiConsumer<? super EngineCommand<T>, Throwable> listener) {
    synchronized (this) {
      BiConsumer<? super EngineCommand<T>, Throwable> previous = onEnd;
      this.onEnd = previous == null ? listener : (BiConsumer<EngineCommand<T>, Throwable>) (c, e) -> {
        previous.accept(c, e);
        listener.accept(c, e);
      };
    }
    if (hasEnded()) {
      // Ended while being registered: may or may not have run; listeners must be idempotent.
      listener.accept(this, null);
    }
  }

  /** Makes {@link #start()} run {@code body}. */
  void startWith(Runnable body) {
    startable = body;
  }

  @Override
  public void start() {
    Runnable body = (Runnable) STARTABLE.getAndSet(this, (Runnable) null);
    if (body != null) {
      body.run();
    }
  }

  /**
   * Claims the callback's invocation. @return true if the callback is to be invoked now; false if
   * the command ended first (cancelled while queued, say), and the provider must never see it
   */
  boolean invoke() {
    return INVOCATION.compareAndSet(this, NOT_INVOKED, INVOKED);
  }

  /** Runs {@code action} before a successful answer becomes visible to the adapter. */
  void beforeSuccess(Runnable action) {
    this.beforeSuccess = action;
  }

  @Override public long id() { return id; }
  @Override public long commandId() { return id; }
  @Override public ProjectedPath path() { return path; }
  @Override public int processId() { return processId; }
  @Override public PlaceholderVersion version() { return version; }
  @Override public CompletableFuture<T> result() { return result; }
  Callback kind() { return kind; }
  long startNanos() { return startNanos; }

  boolean hasEnded() {
    return state >= COMPLETED;
  }

  boolean isPending() {
    return state == PENDING;
  }

  @Override
  public boolean isCancelled() {
    return state == CANCELLED;
  }

  @Override
  public void onCancel(Runnable action) {
    synchronized (this) {
      if (cancelActions != ENDED) {
        if (cancelActions == null) {
          cancelActions = new ArrayList<>(2);
        }
        cancelActions.add(action);
        return;
      }
    }
    if (isCancelled()) {
      action.run();
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R> R defer(CompletionStage<? extends R> completion) {
    if (!STATE.compareAndSet(this, RUNNING, PENDING)) {
      if (isCancelled()) {
        return null; // the answer is no longer wanted; completing later stays a no-op
      }
      throw new IllegalStateException("command " + id + " was already deferred or has ended");
    }
    completion.whenComplete((value, error) -> {
      if (error == null) {
        complete((T) value);
      } else {
        fail(error);
      }
    });
    return null;
  }

  @Override
  public <R> R blocking(Callable<R> work) throws IOException {
    return pool.blocking(work);
  }

  /** Goes from RUNNING or PENDING to COMPLETED with {@code value}. @return whether this won */
  boolean complete(T value) {
    if (!end(COMPLETED)) {
      return false;
    }
    Runnable hook = beforeSuccess;
    if (hook != null) {
      try {
        hook.run();
      } catch (RuntimeException | Error e) { // the result must complete, or the request hangs
        ended(e);
        result.completeExceptionally(e);
        return true;
      }
    }
    ended(null);
    result.complete(value);
    return true;
  }

  /** Ends the command with {@code error}. @return whether this won */
  boolean fail(Throwable error) {
    if (!end(COMPLETED)) {
      return false;
    }
    Throwable cause = Errors.unwrap(error);
    ended(cause);
    result.completeExceptionally(cause);
    return true;
  }

  /** Ends the command as cancelled; the provider's cancel and the cancel actions run on the notifier. */
  @Override
  public boolean cancel() {
    if (!end(CANCELLED)) {
      return false;
    }
    CancellationException cause = new CancellationException("command " + id + " cancelled");
    ended(cause);
    result.completeExceptionally(cause);
    return true;
  }

  private void ended(Throwable error) {
    BiConsumer<? super EngineCommand<T>, Throwable> listener = onEnd;
    if (listener != null) {
      try {
        listener.accept(this, error);
      } catch (RuntimeException | Error e) { // the answer below must be given whatever happens
        QuietLog.warn(log, "{}: end listener failed", this, e);
      }
    }
  }

  private boolean end(int terminal) {
    int s;
    do {
      s = state;
      if (s >= COMPLETED) {
        return false;
      }
    } while (!STATE.compareAndSet(this, s, terminal));
    // Ends once, so the only other value here is INVOKED.
    boolean invoked = !INVOCATION.compareAndSet(this, NOT_INVOKED, NEVER);
    List<Runnable> actions;
    synchronized (this) {
      actions = cancelActions == null ? ENDED : cancelActions;
      cancelActions = ENDED;
    }
    if (terminal == CANCELLED) {
      Runnable notify = () -> {
        if (invoked) {
          runQuietly(() -> providerCancel.accept(id));
        }
        actions.forEach(EngineCommand::runQuietly);
      };
      try {
        notifier.execute(notify);
      } catch (RejectedExecutionException closed) {
        notify.run(); // the engine is closing: tell the provider on this thread
      }
    }
    return true;
  }

  private static void runQuietly(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      QuietLog.warn(log, "cancel action failed", e);
    }
  }

  @Override
  public String toString() {
    String where = path.isRoot() ? "/" : Printable.of(path.toString());
    return "Command[" + id + " " + kind + " " + where + "]";
  }
}
