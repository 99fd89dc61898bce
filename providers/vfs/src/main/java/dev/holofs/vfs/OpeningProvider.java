package dev.holofs.vfs;

import dev.holofs.spi.Command;
import dev.holofs.spi.DataSink;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.EnumerationRequest;
import dev.holofs.spi.EnumerationSession;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.Printable;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.spi.Provider;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link VfsProvider} still being opened on a thread of its own, made by {@link
 * VfsProvider#openInBackground}: a mount can be made meanwhile (for {@code sftp:} the ssh login is
 * most of a mount's start-up, and the kernel mount needs none of it). Requests that come before
 * the source is open wait for it without holding an engine slot, then go to it; if it cannot be
 * opened they fail with EIO and the reason, which {@link #awaitOpened} gives as it is.
 *
 * <p>The Provider methods VfsProvider overrides are forwarded, and only those (OpeningProviderTest
 * checks it); one a mount reads before the open ends ({@code isImmutable}) would have to be known
 * without it.
 */
public final class OpeningProvider implements Provider, AutoCloseable {

  private final CompletableFuture<VfsProvider> opened = new CompletableFuture<>();
  private volatile boolean closed;
  /** Whether the opened provider was closed: by {@link #close}, or by the opener if closed first. */
  private final AtomicBoolean providerClosed = new AtomicBoolean();
  /**
   * How long a request, or {@link #awaitOpened}, waits for the open: a login's connect and two
   * silences. Only sftp and ftp(s) clients have timeouts of their own; an http server or a stuck
   * NFS path may never end.
   */
  private final Duration requestWait;
  /** The source, as safe to print, for the message of an open that took too long. */
  private final String shown;

  OpeningProvider(VfsOptions options) {
    requestWait = options.connectTimeout().plus(options.silenceTimeout().multipliedBy(2));
    shown = Printable.of(Printable.withoutPassword(options.uri()));
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
   * Waits until the source is open, as long as a request would: a mount's readiness must not wait
   * for ever on a source that may never answer while the mount fails every request.
   *
   * @return the opened provider
   * @throws IOException with the one-line reason the source could not be opened (never holding
   *     the password): an unknown scheme, an unreachable host, refused credentials, a missing path,
   *     or still opening after the time a request waits
   */
  public VfsProvider awaitOpened() throws IOException {
    try {
      return opened.get(requestWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw stillOpening();
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
    return now != null ? now : command.blocking(() -> awaitFor(command));
  }

  /**
   * Waits for the open for {@code command}, at most {@link #requestWait} and only until it is
   * cancelled (its thread and in-flight permit are then free again). A failed open fails each
   * request with a fresh plain IOException: EIO, "source unavailable", not the errno of the
   * open's reason (a missing sftp root is not a missing file in the mount).
   */
  private VfsProvider awaitFor(Command command) throws IOException {
    CompletableFuture<VfsProvider> wait = opened.copy();
    command.onCancel(() -> wait.cancel(false));
    try {
      return wait.get(requestWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable reason = e.getCause();
      throw new IOException(
          reason instanceof IOException ? reason.getMessage() : reason.toString(), reason);
    } catch (CancellationException e) {
      throw new InterruptedIOException("cancelled while the source was being opened");
    } catch (TimeoutException e) {
      throw stillOpening();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while the source was being opened");
    }
  }

  private IOException stillOpening() {
    return new IOException(shown + ": did not answer in time (still opening after "
        + requestWait.toSeconds() + " s)");
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
