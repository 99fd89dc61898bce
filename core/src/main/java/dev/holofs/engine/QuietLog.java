package dev.holofs.engine;

/**
 * Logging that cannot fail a request. Log lines are written on the threads that answer the
 * kernel; a logger that throws (a class that no longer loads after the jar was replaced under a
 * running server, a provider's exception whose message throws) must not leave a request
 * unanswered or end a reader. The lambda given is linked where it is written, the first time
 * that line runs, outside this guard: a path that must survive even that (a reader's loop) uses
 * a plain try/catch instead. Internal to holofs.
 */
public final class QuietLog {

  private QuietLog() {}

  /** Runs {@code logging}, ignoring whatever it throws: there is nowhere left to report it. */
  public static void run(Runnable logging) {
    try {
      logging.run();
    } catch (Throwable ignored) {
      // the logger itself failed
    }
  }
}
