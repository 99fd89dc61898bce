package dev.holofs.engine;

import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a command's body where the engine placed it, once: on this thread if a slot is free at
 * once, or on the pool. The answer is published after the body returns and its slot is given back
 * (writing a reply is not provider code, and a reply that wakes the next request while the slot
 * is still held would send that request to the pool).
 */
final class Runner {

  private static final Logger log = LoggerFactory.getLogger(Runner.class);

  /** The body of a callback, run with the command it belongs to. */
  @FunctionalInterface
  interface Body<T> {
    T run(EngineCommand<T> command) throws Exception;
  }

  private final WorkerPool pool;

  Runner(WorkerPool pool) {
    this.pool = pool;
  }

  /** Runs {@code body} here if {@code here} and a slot is free at once, else queues it. */
  <T> void place(EngineCommand<T> command, Body<T> body, boolean here) {
    if (!place(() -> run(command, body), here)) {
      command.fail(new IOException("the projection is closed"));
    }
  }

  /**
   * Runs {@code task} here if {@code here} and a slot is free at once, else queues it: the one
   * placement rule for all provider code. @return false if the pool is closed (nothing ran or was
   * queued)
   */
  boolean place(WorkerPool.Job task, boolean here) {
    if (here && pool.tryRunHere(task)) {
      return true;
    }
    try {
      pool.submit(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /** Runs {@code body} and answers its command, on this thread, whatever the slots. */
  <T> void runHere(EngineCommand<T> command, Body<T> body) {
    Runnable answer = run(command, body);
    if (answer != null) {
      answer.run();
    }
  }

  /**
   * Runs {@code body} for {@code command}; returns what answers it (null if it ended first, or
   * deferred), to run once the execution slot is given back.
   */
  private <T> Runnable run(EngineCommand<T> command, Body<T> body) {
    if (!command.invoke()) {
      return null; // ended (cancelled) while queued: the provider never sees it
    }
    try {
      T value = body.run(command);
      return command.isPending() ? null : () -> command.complete(value);
    } catch (Throwable t) {
      if (command.isPending()) {
        QuietLog.warn(log, "{} threw after deferring its answer; failing it", command, t);
      }
      return () -> command.fail(t);
    }
  }
}
