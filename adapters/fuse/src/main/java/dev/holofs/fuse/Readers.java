package dev.holofs.fuse;

import dev.holofs.engine.QuietLog;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that read requests from /dev/fuse: a fixed number of places to receive in, and
 * while a reader is away in a blocking callback, another in its place.
 *
 * <p>Requests are handled on the thread that read them (the engine runs a callback there when a
 * slot is free), so a reader can be held by provider code. Before a callback blocks, the engine
 * has its reader hand its place over ({@link Reader#handOff}): a spare reader, or a new one,
 * receives in its place. A callback that blocks without saying so, or runs long, is found by
 * {@link #watch} (the housekeeping tick), which hands its reader's place over the same way, so
 * INTERRUPTs and requests that need no provider are read within a tick or two even with every
 * reader held. A reader back from its request takes a free place again, or waits as a spare for a
 * while (so a provider that blocks on every read costs a wake-up, not a thread), then ends.
 * Threads are bounded: places plus the pool's in-flight bound, past which none is started (the
 * engine queues callbacks beyond that bound anyway).
 */
final class Readers {

  private static final Logger log = LoggerFactory.getLogger(Readers.class);
  private static final long SPARE_IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

  /** The body of a reader thread: reads and handles requests until it returns. */
  interface Loop {
    void run(Reader reader);
  }

  /** One reader thread. */
  final class Reader implements Runnable {
    final int fd;
    final Thread thread;
    /** Whether this reader gave its place away (and has not taken one again). */
    private final AtomicBoolean detached = new AtomicBoolean();
    /** True while waiting in {@link #spares}; whoever flips it to false gives it a place. */
    private final AtomicBoolean spare = new AtomicBoolean();
    /** Requests this reader has read so far, and whether it is handling one now (not reading). */
    private volatile int requests;
    private volatile boolean handling;
    /** {@link #requests} at the last {@link #watch()}; only the watching thread uses it. */
    private int requestsWatched;

    private Reader(int fd, String threadName) {
      this.fd = fd;
      this.thread = new Thread(this, threadName);
      this.thread.setDaemon(true);
    }

    @Override
    public void run() {
      try {
        loop.run(this);
      } finally {
        if (!detached.get()) {
          attached.decrementAndGet(); // a reader that ends holding its place gives it back
        }
        exited(this);
      }
    }

    /** A request was read: this reader handles it now. */
    void handling() {
      requests++; // written by this thread alone
      handling = true;
    }

    /**
     * The request was handled. @return whether this thread reads on; false if it handed its
     * place over meanwhile and none came back to it (then it must end)
     */
    boolean handled() {
      handling = false;
      if (!detached.get()) {
        return true;
      }
      for (int n = attached.get(); n < places; n = attached.get()) {
        if (attached.compareAndSet(n, n + 1)) {
          detached.set(false);
          return true;
        }
      }
      return awaitPlace();
    }

    /** Waits as a spare until given a place (true) or idle for too long (false). */
    private boolean awaitPlace() {
      spare.set(true);
      spares.addFirst(this);
      long deadline = System.nanoTime() + SPARE_IDLE_NANOS;
      while (spare.get() && !ending) {
        long left = deadline - System.nanoTime();
        if (left <= 0 && spare.compareAndSet(true, false)) {
          spares.remove(this);
          return false;
        }
        LockSupport.parkNanos(this, Math.max(left, 0));
      }
      if (ending) {
        spares.remove(this);
        return false;
      }
      detached.set(false); // given a place by handOff, which counted it
      return true;
    }

    /** Hands the place over if the same request has held this reader since the last watch. */
    private void watch() {
      // handling first: the reader counts a request before it sets handling, so a true here
      // means n includes the request it is handling (read the other way, a request read between
      // the two reads would look like one held since the last tick).
      boolean h = handling;
      int n = requests;
      if (h && n == requestsWatched) {
        handOff(); // held a whole tick: blocked without saying so, or running long
      }
      requestsWatched = n;
    }

    /** Gives this reader's place to a spare or a new reader; idempotent while it is away. */
    void handOff() {
      if (!detached.compareAndSet(false, true)) {
        return;
      }
      for (Reader r = spares.pollFirst(); r != null; r = spares.pollFirst()) {
        if (r.spare.compareAndSet(true, false)) {
          LockSupport.unpark(r.thread);
          return; // the place passes to it
        }
      }
      if (!start(fd)) {
        attached.decrementAndGet(); // nobody took it: free for this one when it is back
      }
    }
  }

  private final int places;
  private final int maxThreads;
  private final String name;
  private final Loop loop;
  /** Makes a new reader a user of the fds (false: they are closed, start none). */
  private final IntPredicate acquireFd;
  private final Runnable releaseFd;
  private final Runnable lastGone;
  private final AtomicInteger liveCount = new AtomicInteger();
  /** Readers in a place (neither handed over nor spare). */
  private final AtomicInteger attached = new AtomicInteger();
  /** Readers started and not ended. */
  private final Set<Reader> live = ConcurrentHashMap.newKeySet();
  /** Readers without a place, waiting to be given one; most recent first. */
  private final ConcurrentLinkedDeque<Reader> spares = new ConcurrentLinkedDeque<>();
  private final AtomicInteger serial = new AtomicInteger();
  private final AtomicBoolean capLogged = new AtomicBoolean();
  private final CountDownLatch gone = new CountDownLatch(1);
  /** Set when the connection ends: spares end instead of waiting for a place. */
  private volatile boolean ending;

  /**
   * @param places how many threads receive at once ({@link #places})
   * @param poolThreadCount the engine's in-flight bound: at most that many readers can be away in
   *     callbacks, so at most that many stand-ins are ever needed
   * @param acquireFd makes a starting reader a user of an fd; false if the fds are closed
   * @param releaseFd an ending reader lets go of its fd
   * @param lastGone runs on the last reader to end, as it ends
   */
  Readers(int places, int poolThreadCount, String name, Loop loop, IntPredicate acquireFd,
      Runnable releaseFd, Runnable lastGone) {
    this.places = places;
    this.maxThreads = places + poolThreadCount;
    this.name = name;
    this.loop = loop;
    this.acquireFd = acquireFd;
    this.releaseFd = releaseFd;
    this.lastGone = lastGone;
  }

  /**
   * How many threads receive requests for an engine with {@code concurrentThreadCount} execution
   * slots: one per slot, so every slot can run a callback on the thread that read it, and no
   * more. The kernel wakes the reader that has waited longest, so every reader in {@code read(2)}
   * takes its turn: with a reader more per slot, a one-client loop rotated through twice as many
   * threads and cost more context switches and CPU per request (2 slots, one C client, fstat and
   * stat unpinned: 1.55 and 3.09 switches per request with 4 readers, 1.29 and 2.52 with 2).
   * While every reader is held by a callback, {@link #watch} brings another within a tick or two.
   */
  static int places(int concurrentThreadCount) {
    return concurrentThreadCount;
  }

  /** Starts the readers, one per fd given (fds may repeat), each in a place of its own. */
  void start(int... fds) {
    for (int fd : fds) {
      attached.incrementAndGet();
      if (!start(fd)) {
        attached.decrementAndGet();
      }
    }
  }

  /**
   * Starts a reader on {@code fd}, in a place already counted, unless the bound or closed fds
   * forbid it.
   */
  private boolean start(int fd) {
    if (liveCount.incrementAndGet() > maxThreads) {
      liveCount.decrementAndGet();
      if (capLogged.compareAndSet(false, true)) {
        QuietLog.warn(log, "{} FUSE readers are all held by callbacks; no more are started",
            maxThreads);
      }
      return false;
    }
    if (!acquireFd.test(fd)) {
      liveCount.decrementAndGet();
      return false;
    }
    Reader r = new Reader(fd, name + "-reader-" + serial.incrementAndGet());
    live.add(r);
    try {
      r.thread.start();
      return true;
    } catch (OutOfMemoryError | RuntimeException e) { // no thread to be had: the others carry on
      live.remove(r);
      liveCount.decrementAndGet();
      releaseFd.run();
      QuietLog.warn(log, "cannot start a FUSE reader thread: {}", e.toString());
      return false;
    }
  }

  private void exited(Reader r) {
    live.remove(r);
    releaseFd.run();
    if (liveCount.decrementAndGet() == 0) {
      gone.countDown();
      lastGone.run();
    }
  }

  /**
   * Hands over the place of every reader held by one request since the last call: called at a
   * steady pace (the housekeeping tick), it keeps readers reading while callbacks hold them
   * without saying they block.
   */
  void watch() {
    for (Reader r : live) {
      r.watch();
    }
  }

  /** The connection ended or the channel stops: spares end now, not after their idle time. */
  void ending() {
    ending = true;
    spares.forEach(r -> LockSupport.unpark(r.thread));
  }

  /** Reader threads started so far (for tests and diagnostics). */
  int started() {
    return serial.get();
  }

  /** Waits up to {@code millis} for every reader to end. @return whether they all did */
  boolean awaitGone(long millis) throws InterruptedException {
    return gone.await(millis, TimeUnit.MILLISECONDS);
  }
}
