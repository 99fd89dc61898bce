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
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers every callback of a synchronous provider asynchronously: the callback defers, and the
 * delegate runs on the given executor (the ProjFS ERROR_IO_PENDING + PrjCompleteCommand pattern).
 * Cancels and session starts and ends go to the delegate as they come.
 */
public final class DeferringProvider implements Provider {

  /** A callback body that may throw IOException. */
  private interface Body<T> {
    T run() throws IOException;
  }

  private final Provider delegate;
  private final Executor executor;
  private final AtomicInteger deferrals = new AtomicInteger();

  /** {@code delegate}'s answers, given later from {@code executor}. */
  public DeferringProvider(Provider delegate, Executor executor) {
    this.delegate = delegate;
    this.executor = executor;
  }

  /** How many callbacks have been deferred so far. */
  public int deferrals() {
    return deferrals.get();
  }

  private <T> T later(Command command, Body<T> body) {
    deferrals.incrementAndGet();
    return command.defer(CompletableFuture.supplyAsync(() -> {
      try {
        return body.run();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, executor));
  }

  @Override
  public void enumerate(EnumerationRequest request, EntrySink sink) {
    later(request.command(), () -> {
      delegate.enumerate(request, sink);
      return null;
    });
  }

  @Override
  public PlaceholderInfo getPlaceholder(Command command, ProjectedPath path) {
    return later(command, () -> delegate.getPlaceholder(command, path));
  }

  @Override
  public void getFileData(Command command, ProjectedPath path, long offset, int length,
      DataSink sink) {
    later(command, () -> {
      delegate.getFileData(command, path, offset, length, sink);
      return null;
    });
  }

  @Override
  public void cancel(long commandId) {
    delegate.cancel(commandId);
  }

  @Override
  public void startEnumeration(EnumerationSession session) throws IOException {
    delegate.startEnumeration(session);
  }

  @Override
  public void endEnumeration(EnumerationSession session) {
    delegate.endEnumeration(session);
  }
}
