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
 * is always one). A thread must hold one of {@code
 * concurrentThreadCount} permits while it executes provider code; {@link #blocking} gives the
 * permit back for the duration of blocking work, which is how more than {@code
 * concurrentThreadCount} callbacks come to be in flight. Deferred (pending) commands hold no
 * thread at all.
 *
 * <p>Handing a request from a kernel reader to a parked worker costs a thread wake-up, which is
 * as much again as the kernel round trip itself. So one idle worker at a time spins for a few
 * tens of microseconds before parking: in a stream of requests the next one is usually there
 * before it gives up, and the hand-off costs no wake-up. Only one spins, so an idle pool costs
 * at most one core for that short while.
 */
final class WorkerPool implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

  private static final long SPIN_NANOS = 50_000;

  private final Semaphore executing;
  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  /** Workers parked (or about to park) waiting for work. */
  private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();
  private final AtomicBoolean spinnerPresent = new AtomicBoolean();
  private final Queue<Worker> workers = new ConcurrentLinkedQueue<>();
  private final int maxWorkers;
  private final String name;
  /** Workers started or being started. */
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicBoolean refusalLogged = new AtomicBoolean();
  private volatile boolean closed;
  /** Whether the current thread holds an {@link #executing} permit. */
  private final ThreadLocal<Boolean> holdsPermit = ThreadLocal.withInitial(() -> false);

  WorkerPool(int concurrentThreadCount, int poolThreadCount, String name) {
    this.executing = new Semaphore(concurrentThreadCount);
    this.maxWorkers = poolThreadCount;
    this.name = name;
    startWorker(); // fails here, with the pool, if no thread at all can be had
  }

  /**
   * Queues {@code task} to run on a pool thread holding an execution permit.
   *
   * @throws RejectedExecutionException if the pool is closed
   */
  void execute(Runnable task) {
    if (closed) {
      throw new RejectedExecutionException("the worker pool is closed");
    }
    queue.offer(task);
    if (closed && queue.remove(task)) { // closed meanwhile: the workers may be gone
      throw new RejectedExecutionException("the worker pool is closed");
    }
    if (!spinnerPresent.get()) { // a spinning worker takes it, or sees it before it parks
      wakeOne();
    }
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
          Runnable task = queue.poll();
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

    private Runnable awaitTask() {
      if (spinnerPresent.compareAndSet(false, true)) {
        try {
          long deadline = System.nanoTime() + SPIN_NANOS;
          do {
            Runnable task = queue.poll();
            if (task != null) {
              return task;
            }
            Thread.onSpinWait();
          } while (System.nanoTime() < deadline);
        } finally {
          spinnerPresent.set(false);
        }
      }
      while (true) {
        if (parked.compareAndSet(false, true)) {
          idle.addFirst(this);
        }
        // Check after publishing ourselves: a task offered before this is seen here, one
        // offered after finds us in idle and wakes us.
        Runnable task = queue.poll();
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

  private void runHoldingPermit(Runnable task) {
    executing.acquireUninterruptibly();
    runWithPermit(task);
    Thread.interrupted(); // an interrupt meant for that task must not reach the next
  }

  /**
   * Runs {@code task} on this thread if an execution permit is free at once and no work waits
   * for one (so work run here never overtakes queued work).
   *
   * @return whether it ran; if not, nothing happened (queue it with {@link #execute})
   */
  boolean tryRunHere(Runnable task) {
    if (closed || holdsPermit.get() || !queue.isEmpty() || executing.hasQueuedThreads()
        || !executing.tryAcquire()) {
      return false;
    }
    runWithPermit(task);
    return true;
  }

  /** Runs {@code task} with the execution permit just acquired, and gives the permit back. */
  private void runWithPermit(Runnable task) {
    holdsPermit.set(true);
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      log.error("a task failed", e);
    } finally {
      holdsPermit.set(false);
      executing.release();
    }
  }

  /** Runs blocking {@code work}, without holding an execution permit while it runs. */
  <T> T blocking(Callable<T> work) throws IOException {
    boolean held = holdsPermit.get();
    if (held) {
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
