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
 * The threads that read requests from /dev/fuse: places to receive in, taken on demand up to a
 * bound, and while a reader is away in a blocking callback, another in its place.
 *
 * <p>Places follow libfuse's multi-threaded loop: one reader at first, and another when the last
 * one waiting took a request, so concurrent clients get as many readers as they keep busy (a
 * reader is a thread the scheduler shares the CPUs with, against the clients' threads), up to
 * {@link #places}. Two differences. The next reader starts at the housekeeping tick ({@link
 * #watch}), not at once: a reader preempted between its reply and its next {@code read(2)} (the
 * reply woke the client on its CPU) leaves none waiting for a moment, and starting one then made
 * a single client churn through parked readers (one client, pinned to one CPU: 1.28 context
 * switches per request against 1.00 with two fixed readers). And a reader back from a request
 * while {@link #maxIdle} others wait leaves {@code read(2)} and parks as a spare (below), so
 * readers a burst brought stop taking turns as it passes, and end if nothing needs them for a
 * while (libfuse keeps them, and one client rotates through them all).
 *
 * <p>Requests are handled on the thread that read them (the engine runs a callback there when a
 * slot is free), so a reader can be held by provider code. Before a callback blocks, the engine
 * has its reader hand its place over ({@link Reader#handOff}): a spare reader, or a new one,
 * receives in its place. A callback that blocks without saying so, or runs long, is found by
 * {@link #watch} (the housekeeping tick), which hands its reader's place over the same way, so
 * INTERRUPTs and requests that need no provider are read within a tick or two even with every
 * reader held. A reader back from its request takes a free place again, or waits as a spare for a
 * while (so a provider that blocks on every read costs a wake-up, not a thread), then ends. A
 * place taken anew goes to the most recent spare before a new thread.
 * Threads are bounded: places plus the pool's in-flight bound, past which none is started (the
 * engine queues callbacks beyond that bound anyway).
 */
final class Readers {

  private static final Logger log = LoggerFactory.getLogger(Readers.class);
  /** How long a spare waits for a place before it ends. */
  static final long SPARE_IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

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
    /**
     * Whether {@link #idle} counts this reader; only its own thread uses it. Not the same as
     * holding a place: a reader a tick hands over just as it comes back is counted until its next
     * request, and must be uncounted if it ends before one (a read error).
     */
    private boolean countedIdle = true; // a new reader: givePlace counted it
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
        if (countedIdle && idle.decrementAndGet() == 0) {
          starved = true; // it was the last waiting (a read error): the tick starts another
        }
        exited(this);
      }
    }

    /** A request was read: this reader handles it now (if it was the last waiting, say so). */
    void handling() {
      requests++; // written by this thread alone
      handling = true;
      countedIdle = false;
      if (idle.decrementAndGet() == 0) {
        starved = true;
      }
    }

    /**
     * The request was handled. @return whether this thread reads on; false if it handed its
     * place over meanwhile and none came back to it (then it must end)
     */
    boolean handled() {
      handling = false;
      if (detached.get() && !attach()) {
        return awaitPlace();
      }
      if (incrementBelow(idle, maxIdle)) {
        countedIdle = true;
        return true; // reads on
      }
      // Enough wait already: its place is given back, and it parks. Unless a tick handed it on
      // since the check above (then it is no longer this reader's to give back).
      if (detached.compareAndSet(false, true)) {
        attached.decrementAndGet();
      }
      return awaitPlace();
    }

    /** Takes a free place again after a hand-off. @return whether there was one */
    private boolean attach() {
      if (incrementBelow(attached, places)) {
        detached.set(false);
        return true;
      }
      return false;
    }

    /** Parks as a spare until given a place (true) or idle for too long (false). */
    private boolean awaitPlace() {
      spare.set(true);
      spares.addFirst(this);
      long deadline = System.nanoTime() + spareIdleNanos;
      while (spare.get() && !ending) {
        long left = deadline - System.nanoTime();
        if (left <= 0 && spare.compareAndSet(true, false)) {
          spares.remove(this);
          return false;
        }
        LockSupport.parkNanos(this, Math.max(left, 0));
      }
      if (spare.compareAndSet(true, false)) { // ending, and no place given meanwhile
        spares.remove(this);
        return false;
      }
      detached.set(false); // given a place by givePlace, which counted it (and it as waiting)
      countedIdle = true;
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
      if (detached.compareAndSet(false, true)) {
        givePlaceOrFree(fd); // a place nobody took is free for this one when it is back
      }
    }
  }

  private final int places;
  private final int maxIdle;
  private final int maxThreads;
  private final long spareIdleNanos;
  private final String name;
  private final Loop loop;
  /** Makes a new reader a user of the fds (false: they are closed, start none). */
  private final IntPredicate acquireFd;
  private final Runnable releaseFd;
  private final Runnable lastGone;
  private final AtomicInteger liveCount = new AtomicInteger();
  /** Readers in a place (neither handed over nor spare). */
  private final AtomicInteger attached = new AtomicInteger();
  /**
   * Readers in a place and not handling a request: in (or on their way to) {@code read(2)}. For a
   * moment it may also count a reader that a tick handed over just as it came back: that one
   * reads on without a place until its next request ({@link Reader#countedIdle}).
   */
  private final AtomicInteger idle = new AtomicInteger();
  /** Set when the last reader waiting takes a request: the next tick starts one more. */
  private volatile boolean starved;
  /** The fds new readers take in turn. */
  private volatile int[] fds = new int[0];
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
   * @param places how many threads may receive at once ({@link #places})
   * @param maxIdle how many readers may wait at once before one back from a request parks as a
   *     spare ({@link #maxIdle})
   * @param poolThreadCount the engine's in-flight bound: at most that many readers can be away in
   *     callbacks, so at most that many stand-ins are ever needed
   * @param spareIdleNanos how long a spare waits for a place before it ends ({@link
   *     #SPARE_IDLE_NANOS}, or less in tests)
   * @param acquireFd makes a starting reader a user of an fd; false if the fds are closed
   * @param releaseFd an ending reader lets go of its fd
   * @param lastGone runs on the last reader to end, as it ends
   */
  Readers(int places, int maxIdle, int poolThreadCount, long spareIdleNanos, String name, Loop loop,
      IntPredicate acquireFd, Runnable releaseFd, Runnable lastGone) {
    this.places = places;
    this.maxIdle = maxIdle;
    this.maxThreads = places + poolThreadCount;
    this.spareIdleNanos = spareIdleNanos;
    this.name = name;
    this.loop = loop;
    this.acquireFd = acquireFd;
    this.releaseFd = releaseFd;
    this.lastGone = lastGone;
  }

  /**
   * How many readers may wait in {@code read(2)} at once for an engine with {@code
   * concurrentThreadCount} execution slots: one per slot. The kernel wakes the reader that has
   * waited longest, so every waiting reader takes its turn: more of them rotate one client
   * through more threads at more context switches per request (2 slots, one C client, fstat and
   * stat unpinned: 1.55 and 3.09 switches per request with 4 readers, 1.29 and 2.52 with 2; one
   * slot, pinned to one CPU: 1.28 with 2 readers, 1.00 with 1).
   */
  static int maxIdle(int concurrentThreadCount) {
    return Math.max(1, concurrentThreadCount);
  }

  /**
   * How many threads may receive at once: the engine's in-flight bound ({@code PoolThreadCount},
   * the number of threads ProjFS itself takes requests on), and at least {@link #maxIdle}.
   * Readers past the execution slots hand their callbacks to the pool; what they add is reading
   * while the others answer, and their share of the CPUs when many clients compete for them
   * (free placement, 8 clients, fstat: 1.13 and 1.27 × libfuse with 2 readers, 0.72 with 4).
   */
  static int places(int concurrentThreadCount, int poolThreadCount) {
    return Math.max(maxIdle(concurrentThreadCount), poolThreadCount);
  }

  /**
   * Starts the first reader; the others start as requests leave none waiting ({@link #watch}).
   * Readers read from {@code fds} in turn (they may repeat).
   */
  void start(int... fds) {
    this.fds = fds.clone();
    grow();
  }

  /** Starts one more reader in a place of its own, unless every place is taken. */
  private void grow() {
    if (incrementBelow(attached, places)) {
      int[] all = fds;
      givePlaceOrFree(all[Math.floorMod(serial.get(), all.length)]);
    }
  }

  /** {@link #givePlace}, and if nobody could take the place, no longer counts it. */
  private void givePlaceOrFree(int fd) {
    if (!givePlace(fd)) {
      attached.decrementAndGet();
    }
  }

  /** Adds one to {@code n} if it stays at most {@code bound}. @return whether it did */
  private static boolean incrementBelow(AtomicInteger n, int bound) {
    for (int v = n.get(); v < bound; v = n.get()) {
      if (n.compareAndSet(v, v + 1)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Gives a place already counted to the most recent spare, or else to a new reader on {@code
   * fd}, counting it as waiting from now (so a request taken meanwhile starts no other).
   *
   * @return false if neither could take it (the thread bound, or closed fds)
   */
  private boolean givePlace(int fd) {
    idle.incrementAndGet();
    for (Reader r = spares.pollFirst(); r != null; r = spares.pollFirst()) {
      if (r.spare.compareAndSet(true, false)) {
        LockSupport.unpark(r.thread);
        return true;
      }
    }
    if (start(fd)) {
      return true;
    }
    idle.decrementAndGet();
    return false;
  }

  /** Starts a reader on {@code fd} unless the bound or closed fds forbid it. */
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
   * Hands over the place of every reader held by one request since the last call, and starts a
   * reader more if the last one waiting took a request meanwhile: called at a steady pace (the
   * housekeeping tick), it keeps readers reading while callbacks hold them without saying they
   * block, and adds readers while clients keep them all busy.
   */
  void watch() {
    for (Reader r : live) {
      r.watch();
    }
    addIfStarved();
  }

  /** Starts a reader more if the last one waiting took a request since the last call. */
  void addIfStarved() {
    if (starved) {
      starved = false;
      grow();
    }
  }

  /** The connection ended or the channel stops: spares end now, not after their idle time. */
  void ending() {
    ending = true;
    spares.forEach(r -> LockSupport.unpark(r.thread));
  }

  /** Readers parked as spares now (for tests and diagnostics). */
  int spares() {
    return spares.size();
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
