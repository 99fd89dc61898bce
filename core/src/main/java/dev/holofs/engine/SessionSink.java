package dev.holofs.engine;

import dev.holofs.spi.Collation;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.FileNames;
import dev.holofs.spi.PlaceholderInfo;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands between a provider and an adapter's entry buffer for one get: drops invalid and
 * out-of-order names (so every name is delivered once however a provider errs), applies the
 * session's search expression, and tracks how far the listing got.
 */
final class SessionSink implements EntrySink {

  private static final Logger log = LoggerFactory.getLogger(SessionSink.class);

  private final Session session;
  private final EngineCommand<?> command;
  private final EntrySink buffer;
  private final Collation collation;
  private final String expression;
  private String cursor;
  private boolean full;
  private boolean warnedOrder;

  SessionSink(Session session, EngineCommand<?> command, EntrySink buffer, Collation collation) {
    this.session = session;
    this.command = command;
    this.buffer = buffer;
    this.collation = collation;
    this.expression = session.searchExpression;
    this.cursor = session.resumeAfter;
  }

  @Override
  public synchronized boolean add(String name, PlaceholderInfo info) {
    Objects.requireNonNull(info, "info");
    if (command.hasEnded()) {
      throw new IllegalStateException(command + " has ended; entry " + name + " refused");
    }
    if (full) {
      return false;
    }
    if (!FileNames.isValidName(name)) {
      log.warn("{}: skipping invalid name \"{}\"", session, name.replace("\0", "\\0"));
      return true;
    }
    if (cursor != null && collation.compare(name, cursor) <= 0) {
      if (!warnedOrder) {
        warnedOrder = true;
        log.warn("{}: provider listed \"{}\" after \"{}\", out of {} order; skipped", session,
            name, cursor, collation);
      }
      return true;
    }
    if (!FileNames.matches(name, expression)) {
      cursor = name;
      return true;
    }
    if (!buffer.add(name, info)) {
      full = true;
      return false;
    }
    cursor = name;
    return true;
  }

  /** Records this get's progress in the session; called only when the get succeeds. */
  synchronized void commit() {
    session.resumeAfter = cursor;
    session.complete = !full;
  }
}
