package dev.holofs.testkit;

import dev.holofs.spi.Command;
import dev.holofs.spi.DataSink;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.EnumerationRequest;
import dev.holofs.spi.EnumerationSession;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.spi.Provider;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Forwards to a provider and counts how often each session was started and ended, so a test can
 * check that the end of every started session is delivered exactly once.
 */
public final class CountingProvider implements Provider {

  private final Provider delegate;
  private final Map<Long, AtomicInteger> starts = new ConcurrentHashMap<>();
  private final Map<Long, AtomicInteger> ends = new ConcurrentHashMap<>();
  private final AtomicInteger cancels = new AtomicInteger();
  private final AtomicInteger enumerateCalls = new AtomicInteger();

  /** Forwards every call to {@code delegate}, counting as it goes. */
  public CountingProvider(Provider delegate) {
    this.delegate = delegate;
  }

  /** The provider calls are forwarded to. */
  public Provider delegate() {
    return delegate;
  }

  /** Sessions whose start the provider was told of. */
  public int sessionsStarted() {
    return starts.size();
  }

  /** Calls of {@link Provider#endEnumeration}, over all sessions. */
  public int endCalls() {
    return ends.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** Calls of {@link Provider#endEnumeration} for one session. */
  public int endCalls(long sessionId) {
    AtomicInteger n = ends.get(sessionId);
    return n == null ? 0 : n.get();
  }

  /** Sessions ended other than exactly once after being started once; empty when all is well. */
  public Map<Long, String> unbalancedSessions() {
    Map<Long, String> out = new java.util.TreeMap<>();
    starts.forEach((id, n) -> {
      int e = endCalls(id);
      if (n.get() != 1 || e != 1) {
        out.put(id, "started " + n.get() + ", ended " + e);
      }
    });
    ends.keySet().stream().filter(id -> !starts.containsKey(id))
        .forEach(id -> out.put(id, "ended " + endCalls(id) + " without a start"));
    return out;
  }

  /** Calls of {@link Provider#cancel}, over all commands. */
  public int cancelCalls() {
    return cancels.get();
  }

  /** Calls of {@link Provider#enumerate}, over all sessions. */
  public int enumerateCalls() {
    return enumerateCalls.get();
  }

  @Override
  public void enumerate(EnumerationRequest request, EntrySink sink) throws IOException {
    enumerateCalls.incrementAndGet();
    delegate.enumerate(request, sink);
  }

  @Override
  public PlaceholderInfo getPlaceholder(Command command, ProjectedPath path) throws IOException {
    return delegate.getPlaceholder(command, path);
  }

  @Override
  public void getFileData(Command command, ProjectedPath path, long offset, int length,
      DataSink sink) throws IOException {
    delegate.getFileData(command, path, offset, length, sink);
  }

  @Override
  public void cancel(long commandId) {
    cancels.incrementAndGet();
    delegate.cancel(commandId);
  }

  @Override
  public void startEnumeration(EnumerationSession session) throws IOException {
    delegate.startEnumeration(session);
    starts.computeIfAbsent(session.id(), id -> new AtomicInteger()).incrementAndGet();
  }

  @Override
  public void endEnumeration(EnumerationSession session) {
    ends.computeIfAbsent(session.id(), id -> new AtomicInteger()).incrementAndGet();
    delegate.endEnumeration(session);
  }
}
