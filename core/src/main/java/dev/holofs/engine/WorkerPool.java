package dev.holofs.engine;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run provider code, with ProjFS's two sizes.
 *
 * <p>{@code poolThreadCount} threads take work from an unbounded queue, so work that finds every
 * thread busy waits instead of being refused. A thread must hold one of {@code
 * concurrentThreadCount} permits while it executes provider code; {@link #blocking} gives the
 * permit back for the duration of blocking work, which is how more than {@code
 * concurrentThreadCount} callbacks come to be in flight. Deferred (pending) commands hold no
 * thread at all.
 */
final class WorkerPool implements AutoCloseable {

  private final Semaphore executing;
  private final ThreadPoolExecutor threads;
  /** Whether the current thread holds an {@link #executing} permit. */
  private final ThreadLocal<Boolean> holdsPermit = ThreadLocal.withInitial(() -> false);

  WorkerPool(int concurrentThreadCount, int poolThreadCount, String name) {
    this.executing = new Semaphore(concurrentThreadCount, true);
    AtomicInteger count = new AtomicInteger();
    this.threads = new ThreadPoolExecutor(poolThreadCount, poolThreadCount, 0, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, name + "-worker-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Queues {@code task} to run on a pool thread holding an execution permit.
   *
   * @throws RejectedExecutionException if the pool is closed
   */
  void execute(Runnable task) {
    threads.execute(() -> {
      executing.acquireUninterruptibly();
      holdsPermit.set(true);
      try {
        task.run();
      } finally {
        holdsPermit.set(false);
        executing.release();
      }
    });
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
    threads.shutdown();
    try {
      if (!threads.awaitTermination(graceMillis, TimeUnit.MILLISECONDS)) {
        threads.shutdownNow();
        threads.awaitTermination(100, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      threads.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(1000);
  }
}
