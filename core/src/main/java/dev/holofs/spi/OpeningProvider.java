package dev.holofs.spi;

import dev.holofs.engine.Engine;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A provider being opened on a thread of its own, so that a mount can be made meanwhile (a login,
 * an archive's directory, an SDK's client: most of a mount's start-up, of which the kernel mount
 * needs nothing). Its rule, the same for every source:
 * <ul>
 *   <li>a request that comes before the open ends waits for it in {@link Command#blocking} (no
 *       execution slot held), at most the {@linkplain Builder#waitingAtMost bound} the source
 *       gives, and stops waiting when it is cancelled;
 *   <li>once open, every callback goes to the opened provider;
 *   <li>if the open failed, every request fails with a fresh {@link IOException} (EIO: the source
 *       is unavailable) carrying the reason; never with the open's own exception, whose type
 *       could mean something else (a missing root is not a missing file in the mount);
 *   <li>{@link #awaitOpened} gives the opened provider, or the open's one-line reason, within the
 *       same bound: what a command line prints when it refuses the mount;
 *   <li>{@link #close} closes the provider at once if it is open, else as soon as it is.
 * </ul>
 *
 * <p>What a mount reads before the open ends ({@link #isImmutable}, {@link
 * #answersMetadataFromMemory}) is declared by the builder and checked against the opened provider
 * (a mismatch fails the open); which optional callbacks the opened type answers the engine learns
 * from {@link #type} by {@code Engine.answers}, which this class applies too (used in no signature
 * here). It lives with the SPI because any provider with a slow open needs it.
 *
 * @param <P> the provider being opened
 */
public final class OpeningProvider<P extends Provider & AutoCloseable>
    implements Provider, AutoCloseable {

  /** Opens the provider, once, on the opening thread. */
  @FunctionalInterface
  public interface Opener<P> {
    /** @throws IOException with a one-line reason, safe to print, if it cannot be opened */
    P open() throws IOException;
  }

  private final Class<P> type;
  private final String shown;
  /** How long a request or {@link #awaitOpened} waits for the open; null: until it ends. */
  private final Duration bound;
  private final boolean fromMemory;
  private final boolean immutable;
  /** What stops an open still going on when this opening is closed; null: nothing. */
  private final AutoCloseable abort;
  /**
   * Whether the opened type answers both {@link #startEnumeration} and {@link #endEnumeration}: a
   * start held back is kept until its session's end, so a type that starts but never ends sessions
   * is not handed the starts made before its open (they would be kept for good).
   */
  private final boolean startsAndEndsSessions;
  private final CompletableFuture<P> opened = new CompletableFuture<>();
  /** The opened provider once {@link #opened} has it: what every request reads first. */
  private volatile P ready;
  private volatile boolean closed;
  private final AtomicBoolean providerClosed = new AtomicBoolean();
  /** Sessions started before the open: started on the provider when first enumerated. */
  private final Set<Long> unstarted = ConcurrentHashMap.newKeySet();

  private OpeningProvider(Builder<P> b) {
    this.type = b.type;
    this.shown = b.shown;
    this.bound = b.bound;
    this.fromMemory = b.fromMemory;
    this.immutable = b.immutable;
    this.abort = b.abort;
    // The engine's own rule: a start is held back only if the engine will deliver its end.
    this.startsAndEndsSessions = Engine.answers(type, "startEnumeration", EnumerationSession.class)
        && Engine.answers(type, "endEnumeration", EnumerationSession.class);
  }

  /**
   * A builder of the opening of a {@code type} provider by {@code opener}, shown in messages as
   * {@code source} (escaped here; without a password).
   */
  public static <P extends Provider & AutoCloseable> Builder<P> builder(Class<P> type,
      String source, Opener<P> opener) {
    return new Builder<>(type, source, opener);
  }

  /** The class of the provider being opened: which optional callbacks it answers. */
  public Class<P> type() {
    return type;
  }

  /**
   * Waits until the provider is open, within the bound a request waits.
   *
   * @return the opened provider
   * @throws IOException the open's failure (its one-line reason; a fresh exception for each
   *     caller, of the type of the open's own where a caller reads the type, as a missing file), or
   *     that it did not end in time
   */
  public P awaitOpened() throws IOException {
    return await(this::fresh, () -> false);
  }

  /**
   * Waits for the open within the bound: its failure as {@code failed} makes it, a timeout as
   * {@link #stillOpening}; an interrupt that {@code cancelled} claims is a cancel, else it is kept.
   */
  private P await(Function<Throwable, IOException> failed, BooleanSupplier cancelled)
      throws IOException {
    try {
      return bound == null ? opened.get() : opened.get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw failed.apply(e.getCause());
    } catch (TimeoutException e) {
      throw stillOpening();
    } catch (InterruptedException e) {
      if (cancelled.getAsBoolean()) {
        throw new InterruptedIOException("cancelled while " + shown + " was being opened");
      }
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while " + shown + " was being opened");
    }
  }

  /**
   * {@link #awaitOpened}; if that fails, this opening is closed (an open still going on closes its
   * provider when it ends): what a blocking {@code open} returns.
   */
  public P awaitOpenedOrClose() throws IOException {
    try {
      return awaitOpened();
    } catch (IOException | RuntimeException e) {
      try {
        close(); // an open still going on is stopped, or its provider closed when it ends
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * The open's failure for one caller of {@link #awaitOpened}: a new exception (each caller may add
   * to it), of the open's type where a caller reads the type, with its message and file.
   */
  private IOException fresh(Throwable cause) {
    IOException copy;
    if (cause instanceof FileSystemException f) {
      String file = f.getFile();
      String other = f.getOtherFile();
      String why = f.getReason();
      copy = f instanceof NoSuchFileException ? new NoSuchFileException(file, other, why)
          : f instanceof AccessDeniedException ? new AccessDeniedException(file, other, why)
          : f instanceof NotDirectoryException ? new NotDirectoryException(file)
          : new FileSystemException(file, other, why);
      copy.initCause(cause);
    } else {
      copy = new IOException(reason(cause), cause);
    }
    return copy;
  }

  /** The opened provider, waited for in {@code command.blocking}: the wait holds no slot. */
  private P provider(Command command) throws IOException {
    P now = now();
    return now != null ? now : command.blocking(() -> awaitFor(command));
  }

  /**
   * Waits for the open on this thread, which {@code command}'s cancel interrupts while it waits:
   * a wait that ends leaves nothing on the open's future (a copy of it per wait would stay there
   * until the open ends, one more for every request to an open that never does).
   */
  private P awaitFor(Command command) throws IOException {
    CancellableWait wait = new CancellableWait();
    command.onCancel(wait::cancel);
    try {
      return await(cause -> new IOException(reason(cause), cause), wait::end);
    } finally {
      wait.end();
    }
  }

  /** The open's failure in one line: its own message if an IOException, else the source's name. */
  private String reason(Throwable failure) {
    String message = failure.getMessage();
    if (failure instanceof IOException && message != null) {
      return message;
    }
    return shown + ": " + Printable.of(message == null ? failure.toString() : message);
  }

  private IOException stillOpening() {
    return new IOException(shown + ": did not answer in time (still opening after "
        + bound.toSeconds() + " s)");
  }

  /** The provider if it is open, else null (still opening, or failed). */
  public P now() {
    return ready;
  }

  @Override
  public boolean answersMetadataFromMemory() {
    return fromMemory;
  }

  @Override
  public boolean isImmutable() {
    return immutable;
  }

  @Override
  public void startEnumeration(EnumerationSession session) throws IOException {
    P now = now();
    if (now != null) {
      now.startEnumeration(session);
    } else if (startsAndEndsSessions) {
      unstarted.add(session.id()); // a start must not wait: it is handed no command
    }
  }

  /**
   * Enumerates on the opened provider; a session started before the open is started on it first,
   * as blocking work (where the engine runs a start: on a thread of its own, not in a listing's
   * slot); if that start fails the session stays unstarted, so its end is not delivered.
   */
  @Override
  public void enumerate(EnumerationRequest request, EntrySink sink) throws IOException {
    Command command = request.command();
    P provider = provider(command);
    EnumerationSession session = request.session();
    if (unstarted.remove(session.id())) {
      try {
        command.blocking(() -> {
          provider.startEnumeration(session);
          return null;
        });
      } catch (IOException | RuntimeException | Error e) {
        unstarted.add(session.id());
        throw e;
      }
    }
    provider.enumerate(request, sink);
  }

  @Override
  public void endEnumeration(EnumerationSession session) {
    P now = now();
    if (!unstarted.remove(session.id()) && now != null) { // ended only if it was started
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
    P now = now(); // a command waiting for the open stops through its onCancel
    if (now != null) {
      now.cancel(commandId);
    }
  }

  /**
   * Closes the provider, at once if it is open, else as soon as it is; an open still going on is
   * {@linkplain Builder#onEarlyClose stopped} if the source said how.
   */
  @Override
  public void close() throws Exception {
    closed = true;
    if (abort != null && !opened.isDone()) { // an open that ended owns what it opened
      abort.close();
    }
    closeProvider();
  }

  private void closeProvider() throws Exception {
    P now = now();
    if (now != null && providerClosed.compareAndSet(false, true)) {
      now.close();
    }
  }

  private void open(Opener<P> opener) {
    try {
      P provider = opener.open();
      if (provider.isImmutable() != immutable
          || provider.answersMetadataFromMemory() != fromMemory) {
        IllegalStateException mismatch = new IllegalStateException(type.getSimpleName()
            + " answers isImmutable/answersMetadataFromMemory otherwise than its opening declared");
        try {
          provider.close();
        } catch (Exception e) { // the mismatch stays the reason
          mismatch.addSuppressed(e);
        }
        throw mismatch;
      }
      ready = provider;
      opened.complete(provider);
      if (closed) {
        closeProvider(); // closed while it was opening
      }
    } catch (Throwable e) {
      opened.completeExceptionally(e);
    }
  }

  @Override
  public String toString() {
    return "opening " + shown;
  }

  /**
   * How a provider is opened: what it is, how long a request waits for it, what it answers before
   * it is open.
   *
   * @param <P> the provider being opened
   */
  public static final class Builder<P extends Provider & AutoCloseable> {

    private final Class<P> type;
    private final String shown;
    private final Opener<P> opener;
    private Duration bound;
    private boolean fromMemory;
    private boolean immutable;
    private AutoCloseable abort;

    private Builder(Class<P> type, String source, Opener<P> opener) {
      this.type = type;
      this.shown = Printable.of(source);
      this.opener = opener;
    }

    /** Requests and {@link #awaitOpened} wait at most {@code bound}; default: until the open ends. */
    public Builder<P> waitingAtMost(Duration bound) {
      this.bound = bound;
      return this;
    }

    /** The opened provider {@linkplain Provider#answersMetadataFromMemory answers metadata from memory}. */
    public Builder<P> answersMetadataFromMemory() {
      this.fromMemory = true;
      return this;
    }

    /** The opened provider {@linkplain Provider#isImmutable is immutable}. */
    public Builder<P> immutable() {
      this.immutable = true;
      return this;
    }

    /**
     * {@link OpeningProvider#close} runs {@code abort} while the open has not ended, to stop an
     * open that could take long (the open then fails; one that ends anyway is closed). An open
     * that ended, opened or failed, owns what it opened: it is not aborted.
     */
    public Builder<P> onEarlyClose(AutoCloseable abort) {
      this.abort = abort;
      return this;
    }

    /** Starts opening on a daemon thread named {@code threadName}; returns at once. */
    public OpeningProvider<P> start(String threadName) {
      OpeningProvider<P> opening = new OpeningProvider<>(this);
      Thread t = new Thread(() -> opening.open(opener), threadName);
      t.setDaemon(true);
      t.start();
      return opening;
    }
  }
}
