package dev.holofs.engine;

import dev.holofs.spi.EnumerationSession;
import dev.holofs.spi.ProjectedPath;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine's side of one enumeration session: the captured search expression and where the
 * listing got to. Only one get is in flight at a time per session, though a cancelled one may
 * still be inside the provider when the next starts; a get's progress is committed only if it
 * succeeds, so a cancelled or failed get loses no names.
 */
final class Session implements EnumerationSession {

  private final long id;
  private final ProjectedPath directory;
  /** Whether the provider's startEnumeration returned; only then is an end owed. */
  volatile boolean started;
  volatile String searchExpression;
  /** The last name consumed by a successful get, or null at the top. */
  volatile String resumeAfter;
  /** Whether the provider's last call offered no name: it has listed everything. */
  volatile boolean complete;
  final AtomicReference<EngineCommand<?>> inFlight = new AtomicReference<>();
  /**
   * How many gets are inside the provider's enumerate (its synchronous part): a cancelled get may
   * still be there when the next one starts.
   */
  final AtomicInteger providerBusy = new AtomicInteger();
  final AtomicBoolean ended = new AtomicBoolean();
  final AtomicBoolean endDelivered = new AtomicBoolean();

  Session(long id, ProjectedPath directory) {
    this.id = id;
    this.directory = directory;
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public ProjectedPath directory() {
    return directory;
  }

  /** Applies ProjFS's rules for a get: capture the expression once, or again on restart. */
  void prepare(String expression, boolean restartScan) {
    if (searchExpression == null || restartScan) {
      searchExpression = expression == null || expression.isEmpty() ? "*" : expression;
    }
    if (restartScan) {
      resumeAfter = null;
      complete = false;
    }
  }

  @Override
  public String toString() {
    return "EnumerationSession[" + id + " " + (directory.isRoot() ? "/" : directory) + "]";
  }
}
