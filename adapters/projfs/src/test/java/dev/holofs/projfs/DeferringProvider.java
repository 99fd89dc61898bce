package dev.holofs.projfs;

import dev.holofs.spi.Command;
import dev.holofs.spi.DataSink;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.EnumerationRequest;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.spi.Provider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers every callback later, from {@code executor}: ProjFS's ERROR_IO_PENDING path. Counts
 * deferrals and the cancels it hears.
 */
final class DeferringProvider implements Provider {

  private final Provider delegate;
  private final Executor executor;
  final AtomicInteger deferred = new AtomicInteger();
  final AtomicInteger cancels = new AtomicInteger();

  DeferringProvider(Provider delegate, Executor executor) {
    this.delegate = delegate;
    this.executor = executor;
  }

  @FunctionalInterface
  private interface Work<T> {
    T run() throws IOException;
  }

  private <T> T later(Command command, Work<T> work) {
    deferred.incrementAndGet();
    return command.defer(CompletableFuture.supplyAsync(() -> {
      try {
        return work.run();
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
    cancels.incrementAndGet();
  }
}
