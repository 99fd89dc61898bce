package dev.holofs.engine;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that run provider code, with ProjFS's two sizes.
 *
 * <p>Up to {@code poolThreadCount} threads take work from an unbounded queue, so work that finds
 * every thread busy waits instead of being refused. Threads are started when work finds none
 * idle, not up front: a pool sized for a peak costs nothing until the peak comes. If the system
 * refuses another thread, the ones there carry on (the first is started with the pool, so there
 * is always one).
 *
 * <p>Two counts bound every callback, wherever it runs: one of {@code poolThreadCount} in-flight
 * permits is held from the start of a callback to its return (blocked or not), and one of {@code
 * concurrentThreadCount} execution permits while it executes provider code; {@link #blocking}
 * gives the execution permit back for the duration of blocking work, which is how more than
 * {@code concurrentThreadCount} callbacks come to be in flight. Deferred (pending) commands hold
 * neither. A thread that receives requests (a FUSE reader) may run a callback itself with {@link
 * #tryRunHere} when both permits are free at once and nothing waits for them; if that callback
 * then blocks, the receiver's hand-off ({@link #receiving}) runs first, so another thread takes
 * over receiving while this one, now a pool thread in all but name, waits.
 *
 * <p>Idle workers park at once: they do not spin. Most callbacks run on the thread that
 * received them, so a worker wakes only for overflow, and spinning would take the CPU from the
 * very thread that has the work when the machine is busy.
 */
final class WorkerPool implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

  private final Semaphore executing;
  private final Semaphore inFlight;
  private final ConcurrentLinkedQueue<Job> queue = new ConcurrentLinkedQueue<>();
  /** Workers parked (or about to park) waiting for work. */
  private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();
  private final Queue<Worker> workers = new ConcurrentLinkedQueue<>();
  private final int maxWorkers;
  private final String name;
  /** Workers started or being started. */
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicBoolean refusalLogged = new AtomicBoolean();
  private volatile boolean closed;
  /** Whether the current thread holds an {@link #executing} permit. */
  private final ThreadLocal<Boolean> holdsPermit = ThreadLocal.withInitial(() -> false);
  /** For a receiving thread: what gets another thread receiving while a callback here blocks. */
  private final ThreadLocal<Runnable> handOff = new ThreadLocal<>();

  WorkerPool(int concurrentThreadCount, int poolThreadCount, String name) {
    this.executing = new Semaphore(concurrentThreadCount);
    this.inFlight = new Semaphore(poolThreadCount);
    this.maxWorkers = poolThreadCount;
    this.name = name;
    startWorker(); // fails here, with the pool, if no thread at all can be had
  }

  /**
   * Work that runs holding the permits and answers what to run once they are given back (null:
   * nothing). A callback's answer is published there: writing a reply is not provider code, and a
   * slot still held while the reply wakes the next request would send that request to the pool.
   */
  @FunctionalInterface
  interface Job {
    Runnable run();
  }

  /**
   * Queues {@code task} to run on a pool thread holding an execution permit, then its follow-up
   * without.
   *
   * @throws RejectedExecutionException if the pool is closed
   */
  void submit(Job task) {
    if (closed) {
      throw new RejectedExecutionException("the worker pool is closed");
    }
    queue.offer(task);
    if (closed && queue.remove(task)) { // closed meanwhile: the workers may be gone
      throw new RejectedExecutionException("the worker pool is closed");
    }
    wakeOne();
  }

  /** Wakes an idle worker, or starts one if none is idle and there is room for more. */
  private void wakeOne() {
    Worker w = idle.pollFirst();
    if (w != null) {
      w.wake();
    } else if (started.get() < maxWorkers && !closed) {
      try {
        startWorker();
      } catch (OutOfMemoryError e) { // "unable to create native thread": the others carry on
        if (refusalLogged.compareAndSet(false, true)) {
          log.warn("cannot start another worker thread ({}); {} serve", e.getMessage(), started.get());
        }
      }
    }
  }

  /** Starts a worker if fewer than the maximum are started. */
  private void startWorker() {
    int n;
    do {
      n = started.get();
      if (n >= maxWorkers) {
        return;
      }
    } while (!started.compareAndSet(n, n + 1));
    Worker w = new Worker(name + "-worker-" + (n + 1));
    workers.add(w); // before it runs: a close from now on wakes it, or it sees closed itself
    try {
      w.thread.start();
    } catch (OutOfMemoryError | RuntimeException e) {
      workers.remove(w);
      started.decrementAndGet();
      throw e;
    }
  }

  private final class Worker implements Runnable {
    final Thread thread;
    /** True while in {@link #idle}; whoever flips it to false must unpark. */
    final AtomicBoolean parked = new AtomicBoolean();

    Worker(String name) {
      thread = new Thread(this, name);
      thread.setDaemon(true);
    }

    void wake() {
      if (parked.compareAndSet(true, false)) {
        LockSupport.unpark(thread);
      }
    }

    @Override
    public void run() {
      try {
        while (true) {
          Job task = queue.poll();
          if (task == null) {
            task = awaitTask();
          }
          if (task == null) {
            return; // closed and drained
          }
          if (!queue.isEmpty()) {
            wakeOne(); // a burst: don't leave the rest to this thread alone
          }
          runHoldingPermit(task);
        }
      } finally {
        idle.remove(this);
      }
    }

    private Job awaitTask() {
      while (true) {
        if (parked.compareAndSet(false, true)) {
          idle.addFirst(this);
        }
        // Check after publishing ourselves: a task offered before this is seen here, one
        // offered after finds us in idle and wakes us.
        Job task = queue.poll();
        if (task != null) {
          if (parked.compareAndSet(true, false)) {
            idle.remove(this);
          }
          return task;
        }
        if (closed) {
          return null;
        }
        LockSupport.park(this);
      }
    }
  }

  private void runHoldingPermit(Job task) {
    inFlight.acquireUninterruptibly();
    executing.acquireUninterruptibly();
    runWithPermit(task);
    Thread.interrupted(); // an interrupt meant for that task must not reach the next
  }

  /**
   * Runs {@code task} on this thread if an in-flight and an execution permit are free at once and
   * no work waits for either (so work run here never overtakes queued work).
   *
   * @return whether it ran; if not, nothing happened (queue it with {@link #submit})
   */
  boolean tryRunHere(Job task) {
    if (closed || holdsPermit.get() || !queue.isEmpty() || inFlight.hasQueuedThreads()
        || executing.hasQueuedThreads() || !inFlight.tryAcquire()) {
      return false;
    }
    if (!executing.tryAcquire()) {
      inFlight.release();
      return false;
    }
    runWithPermit(task);
    return true;
  }

  /**
   * Makes the calling thread a receiving thread: callbacks it runs with {@link #tryRunHere} call
   * {@code handOff} on this thread before they block, so the adapter can have another thread
   * receive meanwhile. {@code handOff} must be idempotent while one callback runs (it may block
   * several times).
   */
  void receiving(Runnable handOff) {
    this.handOff.set(handOff);
  }

  /** Whether the calling thread was made a receiving thread. */
  boolean isReceiving() {
    return handOff.get() != null;
  }

  /**
   * Runs {@code task} with the permits just acquired, gives them back, then runs its follow-up.
   */
  private void runWithPermit(Job task) {
    Runnable after = null;
    holdsPermit.set(true);
    try {
      after = task.run();
    } catch (RuntimeException | Error e) {
      QuietLog.error(log, "a task failed", e);
    } finally {
      holdsPermit.set(false);
      executing.release();
      inFlight.release();
    }
    if (after != null) {
      try {
        after.run();
      } catch (RuntimeException | Error e) {
        QuietLog.error(log, "a task's follow-up failed", e);
      }
    }
  }

  /** Runs blocking {@code work}, without holding an execution permit while it runs. */
  <T> T blocking(Callable<T> work) throws IOException {
    boolean held = holdsPermit.get();
    if (held) {
      Runnable receiverLeaves = handOff.get();
      if (receiverLeaves != null) {
        receiverLeaves.run(); // before blocking: someone else receives meanwhile
      }
      holdsPermit.set(false);
      executing.release();
    }
    try {
      return work.call();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException io = new InterruptedIOException("interrupted");
      io.initCause(e);
      throw io;
    } catch (Exception e) {
      throw new IOException(e);
    } finally {
      if (held) {
        executing.acquireUninterruptibly();
        holdsPermit.set(true);
      }
    }
  }

  /**
   * Stops taking work. Queued tasks still run (cancelled commands return at once; owed session
   * ends are delivered); tasks still running after {@code graceMillis} are interrupted.
   */
  void close(long graceMillis) {
    closed = true;
    workers.forEach(w -> {
      w.parked.set(false);
      LockSupport.unpark(w.thread);
    });
    try {
      if (!joinAll(graceMillis)) {
        workers.forEach(w -> w.thread.interrupt());
        joinAll(100);
      }
    } catch (InterruptedException e) {
      workers.forEach(w -> w.thread.interrupt());
      Thread.currentThread().interrupt();
    }
  }

  /** Waits up to {@code millis} for every worker to end; returns whether they all did. */
  private boolean joinAll(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    for (Worker w : workers) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left > 0) {
        w.thread.join(left);
      }
      if (w.thread.isAlive()) {
        return false;
      }
    }
    return true;
  }

  /** Worker threads started so far (for tests and diagnostics). */
  int startedWorkers() {
    return started.get();
  }

  @Override
  public void close() {
    close(1000);
  }
}
