package dev.holofs.engine;

import dev.holofs.Projection;
import dev.holofs.ProjectionStats;
import dev.holofs.ProjectionStats.Callback;
import dev.holofs.spi.Collation;
import dev.holofs.spi.Command;
import dev.holofs.spi.DataSink;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.EnumerationRequest;
import dev.holofs.spi.EnumerationSession;
import dev.holofs.spi.OpeningProvider;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.PlaceholderVersion;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.spi.Provider;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a provider's callbacks for an adapter: the platform-neutral core of holofs. Internal:
 * adapters and the testkit use it, and {@link OpeningProvider} uses {@link #answers} (the one
 * spi→engine reference); providers never do.
 *
 * <p>Every request becomes a command in the command table and ends exactly once ({@link
 * EngineCommand}). Enumeration sessions are kept here, with ProjFS's rules for search
 * expressions, resumption and restart, and the guarantee that a started session is ended exactly
 * once. Adapters only translate: kernel requests in, {@link Call#result()} out, exceptions to
 * errors through {@link Errors}.
 *
 * <p><b>Where a callback runs.</b> Whatever the thread, at most {@code ConcurrentThreadCount}
 * callbacks execute provider code at one instant and at most {@code PoolThreadCount} are in flight
 * (executing or blocked in {@link dev.holofs.spi.Command#blocking}); deferred commands count in
 * neither. Within those bounds:
 * <ul>
 *   <li>On a thread the adapter made a receiving thread ({@link #receiving}), every callback is
 *       dispatched unstarted; the adapter records it (so a cancel finds it), then calls {@link
 *       Call#start()}, which runs it right there when an execution slot and an in-flight permit
 *       are free at once and no queued work waits for one, and queues it for the pool otherwise.
 *       A thread-to-thread hand-off per request costs about as much CPU as the kernel round trip;
 *       this is how it is avoided. If the callback then blocks, the receiver's hand-off runs
 *       first: the adapter gets another thread receiving, and this one finishes the callback as
 *       a pool thread would. If it defers, it returns at once and holds nothing.
 *   <li>On any other thread, placeholders and listings of a provider that
 *       {@linkplain dev.holofs.spi.Provider#answersMetadataFromMemory answers metadata from
 *       memory} run on the caller when a slot is free; everything else runs on the pool.
 *   <li>With {@code callerRuns} (ProjFS, which owns its own pool of the projection's sizes),
 *       every callback runs on the caller when the adapter starts it.
 * </ul>
 * Work run on a receiving thread never overtakes queued work, cancellation reaches it as it
 * reaches pool work, and its answer is published exactly once like any other.
 */
public final class Engine implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Engine.class);
  /**
   * Loads {@link QuietLog} with the engine, which every adapter makes before it reads a request,
   * not on the first failure it guards: after the jar is replaced under a running server, a class
   * not loaded yet cannot be.
   */
  private static final Class<?> QUIET_LOG = QuietLog.class;


  private final Provider provider;
  private final Collation collation;
  private final WorkerPool pool;
  private final Runner runner;
  private final ExecutorService notifier;
  private final CommandTable commands = new CommandTable();
  private final ConcurrentHashMap<Long, Session> sessions = new ConcurrentHashMap<>();
  private final AtomicLong lastSessionId = new AtomicLong();
  private final StatsRecorder stats = new StatsRecorder();
  private final AtomicBoolean closed = new AtomicBoolean();
  /**
   * Whether the provider has its own startEnumeration. If not, starting a session runs no
   * provider code, so it is done on the caller's thread: no hand-off to a worker per opendir.
   */
  private final boolean providerStartsEnumerations;
  /** Whether the provider has its own endEnumeration; if not, ending a session needs no worker. */
  private final boolean providerEndsEnumerations;
  /** Where listings and placeholders run: on the caller's thread if they never block. */
  private final Placement metadataPlacement;
  /**
   * Whether every callback runs on the thread that asked: the adapter's threads are the pool
   * (ProjFS sizes its own with ConcurrentThreadCount/PoolThreadCount), so no second hand-off.
   */
  private final boolean callerRuns;
  // Made once, not per request: a command is made for every request, a lambda per command is garbage.
  private final BiConsumer<EngineCommand<?>, Throwable> finishedListener = this::finished;
  private final LongConsumer providerCancel;
  private final Runner.Body<PlaceholderInfo> placeholderBody;

  /** An engine for {@code projection}'s provider, pool sizes and collation. */
  public Engine(Projection projection) {
    this(projection.provider(), projection.concurrentThreadCount(), projection.poolThreadCount(),
        projection.collation());
  }

  /** An engine with explicit, already resolved (non-zero) pool sizes. */
  public Engine(Provider provider, int concurrentThreadCount, int poolThreadCount, Collation collation) {
    this(provider, concurrentThreadCount, poolThreadCount, collation, false);
  }

  /**
   * An engine whose callbacks all run on the calling thread when {@code callerRuns}: for an
   * adapter whose platform already runs requests on a pool of the projection's sizes (ProjFS).
   * Each call's callback then runs when the adapter calls {@link Call#start()}, so the adapter can
   * record the call first and a cancel arriving meanwhile finds it.
   */
  public Engine(Provider provider, int concurrentThreadCount, int poolThreadCount,
      Collation collation, boolean callerRuns) {
    if (concurrentThreadCount < 1 || poolThreadCount < concurrentThreadCount) {
      throw new IllegalArgumentException("need 1 <= concurrentThreadCount <= poolThreadCount, got "
          + concurrentThreadCount + " and " + poolThreadCount);
    }
    this.provider = provider;
    this.collation = collation;
    this.providerCancel = provider::cancel;
    this.placeholderBody = command -> provider.getPlaceholder(command, command.path());
    this.providerStartsEnumerations = overrides(provider, "startEnumeration", EnumerationSession.class);
    this.providerEndsEnumerations = overrides(provider, "endEnumeration", EnumerationSession.class);
    this.metadataPlacement = provider.answersMetadataFromMemory()
        ? Placement.CALLER_IF_SLOT_FREE : Placement.POOL;
    this.callerRuns = callerRuns;
    // With callerRuns nothing is queued: one idle worker is enough.
    this.pool = callerRuns ? new WorkerPool(1, 1, "holofs")
        : new WorkerPool(concurrentThreadCount, poolThreadCount, "holofs");
    this.runner = new Runner(pool);
    this.notifier = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "holofs-cancel");
      t.setDaemon(true);
      return t;
    });
  }

  /** The order listings are given in. */
  public Collation collation() {
    return collation;
  }

  /**
   * Makes the calling thread a receiving thread (see the class comment): calls made from it come
   * back unstarted, and the adapter must call {@link Call#start()} on each once it has recorded
   * it. {@code handOff} runs on this thread when a callback running here is about to block; it
   * must get another thread receiving, and be idempotent (a callback may block more than once).
   */
  public void receiving(Runnable handOff) {
    pool.receiving(java.util.Objects.requireNonNull(handOff, "handOff"));
  }

  /** Asks for an item's placeholder info; the answer is null if there is no such item. */
  public Call<PlaceholderInfo> getPlaceholder(ProjectedPath path, int processId) {
    return dispatch(Callback.GET_PLACEHOLDER, path, processId, PlaceholderVersion.NONE,
        metadataPlacement, placeholderBody, null);
  }

  /**
   * Asks for {@code length} bytes at {@code offset}, to be written into {@code buffer}. The answer
   * comes once the bytes are there; fewer than asked means end of file. The buffer is written only
   * while the command lives.
   */
  public Call<Void> getFileData(ProjectedPath path, long offset, int length, DataSink buffer,
      int processId, PlaceholderVersion version) {
    return dispatch(Callback.GET_FILE_DATA, path, processId, version, Placement.POOL, command -> {
      provider.getFileData(command, path, offset, length, new GuardedDataSink(command, buffer));
      return null;
    }, null);
  }

  /**
   * Starts an enumeration session of {@code directory}; answers its id. Once answered, the session
   * must be ended with {@link #endEnumeration}; if the command is cancelled, the engine ends it.
   */
  public Call<Long> startEnumeration(ProjectedPath directory, int processId) {
    Session session = new Session(lastSessionId.incrementAndGet(), directory);
    sessions.put(session.id(), session);
    EngineCommand<Long> call = dispatch(Callback.START_ENUMERATION, directory, processId,
        PlaceholderVersion.NONE, providerStartsEnumerations ? Placement.POOL : Placement.CALLER,
        command -> {
          provider.startEnumeration(session);
          session.started = true;
          if (session.ended.get()) {
            deliverEnd(session); // ended (cancelled) while the provider was starting it
          }
          return session.id();
        }, (command, error) -> {
          if (error != null) {
            endEnumeration(session.id()); // cancelled or failed: nobody else will end it
          }
        });
    return call;
  }

  /**
   * Gets the next entries of a session into {@code buffer}, until it refuses one or the listing
   * ends. An answer with no entries added means the listing is complete. {@code searchExpression}
   * is captured on the first get and on a restart; null means {@code *}.
   */
  public Call<Void> getEnumeration(long sessionId, String searchExpression, boolean restartScan,
      EntrySink buffer, int processId) {
    Session session = sessions.get(sessionId);
    ProjectedPath directory = session == null ? ProjectedPath.ROOT : session.directory();
    return dispatch(Callback.ENUMERATE, directory, processId, PlaceholderVersion.NONE,
        metadataPlacement, command -> {
      if (session == null) {
        throw new IllegalArgumentException("no enumeration session " + sessionId);
      }
      if (!session.inFlight.compareAndSet(null, command)) {
        throw new IllegalStateException("a get is already running in " + session);
      }
      // Released before the answer is visible, so the adapter's next get never finds it taken.
      command.onEnd((c, e) -> session.inFlight.compareAndSet(command, null));
      // Mark the provider busy before checking that the session has not ended; endEnumeration
      // sets ended before looking at busy. So either this get sees the end and never calls the
      // provider, or endEnumeration sees the provider busy and leaves the end to this get: the
      // provider never hears enumerate after endEnumeration.
      session.providerBusy.incrementAndGet();
      try {
        if (session.ended.get()) {
          command.cancel(); // released meanwhile: like a get in flight at the end, it is cancelled
          return null;
        }
        session.prepare(searchExpression, restartScan);
        if (session.complete) {
          return null;
        }
        SessionSink sink = new SessionSink(session, command, buffer, collation);
        command.beforeSuccess(sink::commit);
        boolean restart = restartScan;
        do {
          provider.enumerate(new Request(command, session, session.searchExpression,
              sink.cursor(), restart, collation), sink);
          restart = false;
        } while (!command.isPending() && sink.needsAnotherPass());
        return null;
      } finally {
        if (session.providerBusy.decrementAndGet() == 0 && session.ended.get()) {
          deliverEnd(session);
        }
      }
    }, null);
  }

  /**
   * Ends a session: a get in flight is cancelled, and the provider hears
   * {@link Provider#endEnumeration} exactly once. Ending an unknown or ended session does nothing.
   */
  public void endEnumeration(long sessionId) {
    Session session = sessions.remove(sessionId);
    if (session == null || !session.ended.compareAndSet(false, true)) {
      return;
    }
    EngineCommand<?> inFlight = session.inFlight.get();
    if (inFlight != null) {
      inFlight.cancel();
    }
    if (session.providerBusy.get() == 0) {
      deliverEnd(session); // else the last get in the provider delivers it when it returns
    }
  }

  /** Tells the provider a session ended, once, and only if its start had returned. */
  private void deliverEnd(Session session) {
    if (!providerEndsEnumerations || !session.started
        || !session.endDelivered.compareAndSet(false, true)) {
      return;
    }
    Runnable end = () -> {
      try {
        provider.endEnumeration(session);
      } catch (RuntimeException e) {
        QuietLog.warn(log, "{}: endEnumeration failed", session, e);
      }
    };
    if (callerRuns || !runner.place(() -> {
      end.run();
      return null;
    }, pool.isReceiving())) {
      end.run(); // ProjFS's own thread, or the pool is closing: owed all the same
    }
  }

  /**
   * Cancels a command: ProjFS's CANCEL_COMMAND, FUSE's INTERRUPT. Unknown or ended ids are
   * ignored. @return whether a live command was cancelled
   */
  public boolean cancel(long commandId) {
    EngineCommand<?> command = commands.get(commandId);
    return command != null && command.cancel();
  }

  /** How many commands have not ended. */
  public int liveCommands() {
    return commands.size();
  }

  /** How many enumeration sessions have not ended. */
  public int liveSessions() {
    return sessions.size();
  }

  /** A snapshot of what the callbacks have done so far: counts, errors, cancellations, latencies. */
  public ProjectionStats stats() {
    return stats.snapshot();
  }

  /**
   * Stops: waits up to {@code graceMillis} for live commands to end, cancels the rest, ends every
   * session, and stops the workers. Idempotent.
   */
  public void close(long graceMillis) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
    while (commands.size() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    commands.snapshot().forEach(EngineCommand::cancel);
    sessions.keySet().forEach(this::endEnumeration);
    pool.close(Math.max(100, graceMillis));
    notifier.shutdown();
  }

  @Override
  public void close() {
    close(1000);
  }

  /** Where a command's body runs. */
  private enum Placement {
    /** On a pool thread. */
    POOL,
    /** On the caller's thread: the body runs no provider code. */
    CALLER,
    /** On the caller's thread if an execution slot is free at once, else on a pool thread. */
    CALLER_IF_SLOT_FREE
  }

  /**
   * Runs {@code body} as a new command where {@code placement} says; {@code onEnd}, if any, is
   * told when it ends, before its answer is visible.
   */
  private <T> EngineCommand<T> dispatch(Callback kind, ProjectedPath path, int processId,
      PlaceholderVersion version, Placement placement, Runner.Body<T> body,
      BiConsumer<EngineCommand<T>, Throwable> onEnd) {
    EngineCommand<T> command = new EngineCommand<>(commands.nextId(), kind, path, processId,
        version, pool, notifier, providerCancel);
    commands.add(command);
    command.onEnd(finishedListener);
    if (onEnd != null) {
      command.onEnd(onEnd);
    }
    if (closed.get()) {
      command.fail(new IOException("the projection is closed"));
      return command;
    }
    if (callerRuns) {
      command.startWith(() -> runner.runHere(command, body)); // the adapter records the call, then starts it
      return command;
    }
    if (placement == Placement.CALLER) {
      runner.runHere(command, body);
      return command;
    }
    if (pool.isReceiving()) {
      command.startWith(() -> runner.place(command, body, true)); // the adapter records it, then starts it
      return command;
    }
    runner.place(command, body, placement == Placement.CALLER_IF_SLOT_FREE);
    return command;
  }

  /**
   * Whether {@code provider}'s class overrides the {@link Provider} default method {@code name}; of
   * a provider still {@linkplain OpeningProvider opening}, the class it opens.
   */
  private static boolean overrides(Provider provider, String name, Class<?>... parameterTypes) {
    return answers(provider instanceof OpeningProvider<?> o ? o.type() : provider.getClass(), name,
        parameterTypes);
  }

  /**
   * Whether a provider of class {@code type} answers {@link Provider} method {@code name} itself,
   * not by its default: the one rule for which optional callbacks the engine hands a provider (and
   * an {@link OpeningProvider} holds back for the type it opens). Internal, like the engine.
   */
  public static boolean answers(Class<?> type, String name, Class<?>... parameterTypes) {
    try {
      return type.getMethod(name, parameterTypes).getDeclaringClass() != Provider.class;
    } catch (NoSuchMethodException e) {
      return true;
    }
  }

  private void finished(EngineCommand<?> command, Throwable error) {
    commands.remove(command);
    boolean cancelled = command.isCancelled();
    stats.record(command.kind(), System.nanoTime() - command.startNanos(), error != null, cancelled);
    if (error != null && !cancelled && !Errors.isExpected(error)) {
      QuietLog.warn(log, "{} failed unexpectedly", command, Errors.unwrap(error));
    }
  }

  private record Request(Command command, EnumerationSession session, String searchExpression,
      String resumeAfter, boolean isRestartScan, Collation collation) implements EnumerationRequest {}
}
