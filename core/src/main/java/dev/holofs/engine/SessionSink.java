package dev.holofs.engine;

import dev.holofs.spi.Collation;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.FileNames;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.Printable;
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
  /** Whether the expression matches every name (no expression, or {@code *}): decided once. */
  private final boolean matchesAll;
  private String cursor;
  private boolean full;
  /** Whether the provider offered any name in its latest call. */
  private boolean offered;
  /** Where the cursor was when the provider's latest call began. */
  private String passStart;
  /** How many entries the adapter's buffer accepted in this get. */
  private int accepted;
  private boolean warnedOrder;

  SessionSink(Session session, EngineCommand<?> command, EntrySink buffer, Collation collation) {
    this.session = session;
    this.command = command;
    this.buffer = buffer;
    this.collation = collation;
    this.expression = session.searchExpression;
    this.matchesAll = expression == null || expression.isEmpty() || expression.equals("*");
    this.cursor = session.resumeAfter;
    this.passStart = cursor;
  }

  @Override
  public boolean add(String name, PlaceholderInfo info) {
    // The command's monitor: an add in progress finishes before the command's answer is published.
    synchronized (command) {
      return addHolding(name, info);
    }
  }

  private boolean addHolding(String name, PlaceholderInfo info) {
    Objects.requireNonNull(info, "info");
    if (command.hasEnded()) {
      throw new IllegalStateException(command + " has ended; entry " + name + " refused");
    }
    if (full) {
      return false;
    }
    offered = true;
    if (!FileNames.isValidName(name)) {
      log.warn("{}: skipping invalid name \"{}\"", session, Printable.of(name));
      return true;
    }
    if (cursor != null && collation.compare(name, cursor) <= 0) {
      if (!warnedOrder) {
        warnedOrder = true;
        log.warn("{}: provider listed \"{}\" after \"{}\", out of {} order; skipped", session,
            Printable.of(name), Printable.of(cursor), collation);
      }
      return true;
    }
    if (!matchesAll && !FileNames.matches(name, expression)) {
      cursor = name;
      return true;
    }
    if (!buffer.add(name, info)) {
      full = true;
      return false;
    }
    accepted++;
    cursor = name;
    return true;
  }

  /** The last name consumed (accepted or filtered out), where a further call resumes. */
  String cursor() {
    synchronized (command) {
      return cursor;
    }
  }

  /**
   * Whether the provider must be called again within this get (synchronous answers only):
   * the previous call offered names, but all were filtered out and the buffer is still empty —
   * answering now would make an empty buffer that an adapter takes for the end of the listing.
   */
  boolean needsAnotherPass() {
    synchronized (command) {
      // Progress is required, so a provider that ignores resumeAfter cannot loop forever.
      if (offered && accepted == 0 && !full && !Objects.equals(cursor, passStart)
          && !command.hasEnded()) {
        offered = false;
        passStart = cursor;
        return true;
      }
      return false;
    }
  }

  /**
   * Records this get's progress in the session; called only when the get succeeds. The listing is
   * complete when the provider returned without offering a name (not merely without filling the
   * buffer: a provider may answer a page at a time).
   */
  void commit() {
    synchronized (command) {
      session.resumeAfter = cursor;
      session.complete = !full && !offered;
    }
  }
}
