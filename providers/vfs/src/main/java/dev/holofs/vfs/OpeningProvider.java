package dev.holofs.vfs;

import dev.holofs.spi.Command;
import dev.holofs.spi.DataSink;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.EnumerationRequest;
import dev.holofs.spi.EnumerationSession;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.spi.Provider;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link VfsProvider} still being opened on a thread of its own, made by {@link
 * VfsProvider#openInBackground}: a mount can be made meanwhile (for {@code sftp:} the ssh login is
 * most of a mount's start-up, and the kernel mount needs none of it). Requests that come before
 * the source is open wait for it without holding an engine slot, then go to it; if it cannot be
 * opened they fail with the reason, which {@link #awaitOpened} gives as well.
 */
public final class OpeningProvider implements Provider, AutoCloseable {

  private final CompletableFuture<VfsProvider> opened = new CompletableFuture<>();
  private volatile boolean closed;
  /** Whether the opened provider was closed: by {@link #close}, or by the opener if closed first. */
  private final AtomicBoolean providerClosed = new AtomicBoolean();

  OpeningProvider(VfsOptions options) {
    Thread opener = new Thread(() -> {
      try {
        VfsProvider provider = VfsProvider.open(options);
        opened.complete(provider);
        if (closed) {
          closeProvider(); // closed while it was opening
        }
      } catch (IOException | RuntimeException | Error e) {
        opened.completeExceptionally(e);
      }
    }, "holofs-vfs-open");
    opener.setDaemon(true);
    opener.start();
  }

  /**
   * Waits until the source is open.
   *
   * @return the opened provider
   * @throws IOException with the one-line reason the source could not be opened (never holding
   *     the password): an unknown scheme, an unreachable host, refused credentials, a missing path
   */
  public VfsProvider awaitOpened() throws IOException {
    try {
      return opened.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(cause.toString(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while the source was being opened");
    }
  }

  /** The opened provider, waited for in {@code command.blocking}: the wait holds no slot. */
  private VfsProvider provider(Command command) throws IOException {
    VfsProvider now = now();
    return now != null ? now : command.blocking(this::awaitOpened);
  }

  /** The provider if it is open, else null (still opening, or failed). */
  private VfsProvider now() {
    return opened.isDone() && !opened.isCompletedExceptionally() ? opened.join() : null;
  }

  @Override
  public void enumerate(EnumerationRequest request, EntrySink sink) throws IOException {
    provider(request.command()).enumerate(request, sink);
  }

  @Override
  public void endEnumeration(EnumerationSession session) {
    VfsProvider now = now();
    if (now != null) {
      now.endEnumeration(session);
    }
  }

  @Override
  public PlaceholderInfo getPlaceholder(Command command, ProjectedPath path) throws IOException {
    return provider(command).getPlaceholder(command, path);
  }

  @Override
  public void getFileData(Command command, ProjectedPath path, long offset, int length,
      DataSink sink) throws IOException {
    provider(command).getFileData(command, path, offset, length, sink);
  }

  @Override
  public void cancel(long commandId) {
    VfsProvider now = now();
    if (now != null) {
      now.cancel(commandId);
    }
  }

  /** Closes the provider, at once if it is open, else as soon as it is. */
  @Override
  public void close() {
    closed = true;
    closeProvider();
  }

  private void closeProvider() {
    VfsProvider now = now();
    if (now != null && providerClosed.compareAndSet(false, true)) {
      now.close();
    }
  }
}
