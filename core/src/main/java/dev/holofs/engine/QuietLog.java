package dev.holofs.engine;

import org.slf4j.Logger;

/**
 * Logging that cannot fail a request. Log lines are written on the threads that answer the
 * kernel; a logger that throws (a class that no longer loads after the jar was replaced under a
 * running server, a provider's exception whose message throws) must not leave a request
 * unanswered or end a reader. {@link #warn} and {@link #error} are plain static calls, so a class
 * that has this one loaded can log from any path, however early (a lambda handed to a guard would
 * be linked where it is written, the first time that line runs, outside the guard). {@link
 * Engine} loads it. Internal to holofs.
 */
public final class QuietLog {

  private QuietLog() {}

  /** {@code log.warn(format, args)}, ignoring whatever it throws. */
  public static void warn(Logger log, String format, Object... args) {
    try {
      log.warn(format, args);
    } catch (Throwable ignored) {
      // the logger itself failed
    }
  }

  /** {@code log.error(format, args)}, ignoring whatever it throws. */
  public static void error(Logger log, String format, Object... args) {
    try {
      log.error(format, args);
    } catch (Throwable ignored) {
      // the logger itself failed
    }
  }
}
