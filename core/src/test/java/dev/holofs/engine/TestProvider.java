package dev.holofs.engine;

import dev.holofs.spi.Command;
import dev.holofs.spi.DataSink;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.EnumerationRequest;
import dev.holofs.spi.EnumerationSession;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.spi.Provider;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A provider whose callbacks are set by each test; records cancels and session ends. */
class TestProvider implements Provider {

  interface Placeholder {
    PlaceholderInfo get(Command command, ProjectedPath path) throws Exception;
  }

  interface Data {
    void get(Command command, ProjectedPath path, long offset, int length, DataSink sink) throws Exception;
  }

  interface Enumerate {
    void get(EnumerationRequest request, EntrySink sink) throws Exception;
  }

  volatile Placeholder placeholder = (c, p) -> PlaceholderInfo.file(0).build();
  volatile Data data = (c, p, o, l, s) -> {};
  volatile Enumerate enumerate = (r, s) -> {};
  final Set<Long> cancelled = ConcurrentHashMap.newKeySet();
  final AtomicInteger cancelCalls = new AtomicInteger();
  final AtomicInteger starts = new AtomicInteger();
  final AtomicInteger ends = new AtomicInteger();

  @Override
  public PlaceholderInfo getPlaceholder(Command command, ProjectedPath path) throws IOException {
    return call(() -> placeholder.get(command, path));
  }

  @Override
  public void getFileData(Command command, ProjectedPath path, long offset, int length, DataSink sink)
      throws IOException {
    call(() -> {
      data.get(command, path, offset, length, sink);
      return null;
    });
  }

  @Override
  public void enumerate(EnumerationRequest request, EntrySink sink) throws IOException {
    call(() -> {
      enumerate.get(request, sink);
      return null;
    });
  }

  @Override
  public void cancel(long commandId) {
    cancelCalls.incrementAndGet();
    cancelled.add(commandId);
  }

  @Override
  public void startEnumeration(EnumerationSession session) throws IOException {
    starts.incrementAndGet();
  }

  @Override
  public void endEnumeration(EnumerationSession session) {
    ends.incrementAndGet();
  }

  /** {@code body}'s result; its IOException or RuntimeException as is, another wrapped. */
  static <T> T call(java.util.concurrent.Callable<T> body) throws IOException {
    try {
      return body.call();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
  }
}
