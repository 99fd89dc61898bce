package dev.holofs.s3;

import dev.holofs.Mount;
import dev.holofs.spi.Command;
import dev.holofs.spi.DataSink;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.EnumerationRequest;
import dev.holofs.spi.EnumerationSession;
import dev.holofs.spi.OpeningProvider;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.PlaceholderVersion;
import dev.holofs.spi.Printable;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.spi.Provider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * Projects an S3 bucket (or a prefix of it), read-only, through the SDK's asynchronous client: a
 * pending S3 call holds no worker thread, and a cancelled command aborts its HTTP request.
 *
 * <p>Listings are ListObjectsV2 pages with delimiter {@code /} and placeholders come from them;
 * directories are implied by common prefixes (a directory shadows an object of the same name);
 * keys that cannot be file names are skipped and logged once. Reads are ranged GETs with
 * {@code If-Match} on the ETag the file was described with, read ahead in parallel parts for
 * readers going forward.
 *
 * <pre>{@code
 * S3Options options = S3Options.of("photos", "2024").withEndpoint(URI.create("http://127.0.0.1:9000"))
 *     .withPathStyle(true);
 * try (S3Provider provider = S3Provider.open(options);
 *     Mount mount = Projection.builder(provider).build().mount(Path.of("/mnt/photos"))) {
 *   provider.invalidateThrough(mount);
 *   mount.awaitUnmount();
 * }
 * }</pre>
 */
public final class S3Provider implements Provider, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(S3Provider.class);
  /** What an opening closed before its listing was asked holds instead of the listing. */
  private static final CompletableFuture<?> CLOSED = new CompletableFuture<>();

  private final S3Options options;
  private final Bucket bucket;
  private final Keys keys;
  private final Placeholders placeholders;
  private final Reads reads;
  private final OnceLog onceLog = new OnceLog();
  private final WalkAhead walkAhead;
  private final FilesAhead filesAhead;
  private final Map<Long, DirectoryListing> listings = new ConcurrentHashMap<>();
  private volatile Mount mount;

  private S3Provider(S3Options options, Bucket bucket, Duration openingFresh) {
    this.options = options;
    this.bucket = bucket;
    this.keys = new Keys(options.prefix());
    this.placeholders = new Placeholders(bucket, keys);
    this.reads = new Reads(bucket, options.readAheadBudget());
    this.walkAhead = new WalkAhead(bucket::list, openingFresh);
    this.filesAhead = new FilesAhead(bucket, keys, placeholders);
  }

  /**
   * Connects and checks that the bucket exists and the credentials may list it.
   *
   * @throws IOException with a one-line message: no such bucket, access denied, endpoint
   *     unreachable, no answer in time
   */
  public static S3Provider open(S3Options options) throws IOException {
    return open(options, WalkAhead.OPENING_FRESH);
  }

  /** {@link #open(S3Options)}, whose root listing takes the check's page within {@code openingFresh}. */
  static S3Provider open(S3Options options, Duration openingFresh) throws IOException {
    return openInBackground(options, openingFresh).awaitOpenedOrClose();
  }

  /**
   * Returns at once, while the client is built and the bucket listed on a thread of its own (a
   * mount is made meanwhile: building the SDK's client and its first request are most of an S3
   * mount's start-up). Requests, and {@link OpeningProvider#awaitOpened}, wait for it at most four
   * request timeouts (the SDK's own timeouts and retries end the listing before). Closing the
   * opening while the bucket is listed aborts the listing; the open then fails and closes the
   * client. The caller closes the provider.
   */
  public static OpeningProvider<S3Provider> openInBackground(S3Options options) {
    return openInBackground(options, WalkAhead.OPENING_FRESH);
  }

  private static OpeningProvider<S3Provider> openInBackground(S3Options options,
      Duration openingFresh) {
    // The opening listing once asked; a close before that leaves CLOSED, which cancels it.
    AtomicReference<CompletableFuture<?>> listing = new AtomicReference<>();
    return OpeningProvider.builder(S3Provider.class, options.toString(),
            () -> opened(options, openingFresh, listing))
        .waitingAtMost(options.requestTimeout().multipliedBy(4))
        .answersMetadataFromMemory()
        .onEarlyClose(() -> {
          CompletableFuture<?> asked = listing.getAndSet(CLOSED);
          if (asked != null) {
            asked.cancel(true); // the SDK aborts its request
          }
        })
        .start("holofs-s3-open");
  }

  /**
   * A provider whose bucket was listed. The listing is the root's first page, kept for the root's
   * first listing: the check costs no request of its own.
   */
  private static S3Provider opened(S3Options options, Duration openingFresh,
      AtomicReference<CompletableFuture<?>> listing) throws IOException {
    S3AsyncClient client;
    try {
      client = Clients.create(options);
    } catch (RuntimeException e) { // the SDK's configuration errors: a bad profile, say
      throw new IOException(shown(options) + ": " + S3Errors.printable(e), e);
    }
    S3Provider provider = new S3Provider(options, new Bucket(client, options.bucket()),
        openingFresh);
    try {
      CompletableFuture<?> page = provider.walkAhead.openingPage(options.prefix(),
          options.pageSize());
      if (!listing.compareAndSet(null, page)) {
        page.cancel(true); // the opening was closed meanwhile
      }
      page.join();
      provider.walkAhead.openingArrived();
      return provider;
    } catch (RuntimeException e) { // the listing's failure, or the SDK's thrown at once
      provider.close();
      throw openFailure(options, S3Errors.unwrap(e));
    } catch (Error e) {
      provider.close();
      throw e;
    }
  }

  private static IOException openFailure(S3Options options, Throwable cause) {
    int status = S3Errors.status(cause);
    String code = S3Errors.unwrap(cause) instanceof software.amazon.awssdk.services.s3.model.S3Exception e
        && e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : null;
    String why;
    if (cause instanceof CancellationException) {
      why = "closed while it was being opened";
    } else if ("NoSuchBucket".equals(code) || (status == 404 && code == null)) {
      why = "no such bucket";
    } else if (status == 401 || status == 403) {
      why = "access denied" + (code == null ? "" : " (" + Printable.of(code) + ")")
          + ": check the credentials, --profile or --no-sign-request";
    } else if (status != 0) {
      why = "S3 refused the listing: " + (code != null ? Printable.of(code) : "HTTP " + status);
    } else if (S3Errors.oneLine(cause).startsWith("Unable to load credentials")) {
      why = "no credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, use --profile, "
          + "or --no-sign-request for a public bucket";
    } else {
      why = "cannot reach " + where(options) + ": " + S3Errors.printable(cause);
    }
    return new IOException(shown(options) + ": " + why, cause);
  }

  /** The mount's options as a message shows them, escaped. */
  private static String shown(S3Options options) {
    return Printable.of(options.toString());
  }

  private static String where(S3Options options) {
    return options.endpoint() != null ? Printable.of(options.endpoint().toString()) : "S3";
  }

  /**
   * Lets the provider tell {@code mount} when an object was found replaced under a reader, so the
   * kernel drops what it cached and the next open sees the new object.
   */
  public void invalidateThrough(Mount mount) {
    this.mount = mount;
  }

  /** The options this provider was opened with. */
  public S3Options options() {
    return options;
  }

  @Override
  public void enumerate(EnumerationRequest request, EntrySink sink) throws IOException {
    EnumerationSession session = request.session();
    DirectoryListing listing = listings.computeIfAbsent(session.id(), id -> new DirectoryListing(
        walkAhead, session.directory(), keys.directoryPrefix(session.directory()), request.collation(),
        options.pageSize(), placeholders, onceLog));
    Command command = request.command();
    answer(command, listing.fill(command, request.resumeAfter(), request.isRestartScan(), sink));
  }

  /**
   * True: listings and lookups never block. They answer from what listings remembered, or send an
   * asynchronous S3 call and defer; so they may run on the thread that received the request.
   */
  @Override
  public boolean answersMetadataFromMemory() {
    return true;
  }

  @Override
  public void endEnumeration(EnumerationSession session) {
    DirectoryListing listing = listings.remove(session.id());
    if (listing != null) {
      listing.close();
    }
  }

  @Override
  public PlaceholderInfo getPlaceholder(Command command, ProjectedPath path) throws IOException {
    CompletableFuture<PlaceholderInfo> info = placeholders.lookup(path);
    command.onCancel(() -> info.cancel(true));
    return answer(command, info);
  }

  @Override
  public void getFileData(Command command, ProjectedPath path, long offset, int length,
      DataSink sink) throws IOException {
    PlaceholderVersion version = command.version();
    long size = Placeholders.size(version);
    CompletableFuture<Void> done;
    if (size >= 0) {
      done = read(command, path, Placeholders.etag(version), size, offset, length, sink);
    } else { // described without a version (not by this provider): ask once
      done = placeholders.lookup(path).thenCompose(info -> {
        if (info == null || !info.isFile()) {
          throw new CompletionException(new NoSuchFileException(path.toString()));
        }
        return read(command, path, Placeholders.etag(info.version()), info.size(), offset, length, sink);
      });
    }
    answer(command, done);
  }

  private CompletableFuture<Void> read(Command command, ProjectedPath path, String etag, long size,
      long offset, int length, DataSink sink) {
    String key = keys.objectKey(path);
    CompletableFuture<java.nio.ByteBuffer> early = filesAhead.take(path, etag, size, offset, length);
    return reads.read(command, key, etag, size, offset, length, sink, early,
        failure -> stale(path, key, etag));
  }

  /**
   * The object under {@code path} changed since it was described: forget it, tell the kernel.
   * Deleted, not updated, on the mount: a file still open keeps the item it was opened as, whose
   * reads carry the old ETag and so fail; an update would hand that open file the new version and
   * mix both in it. The next lookup asks again and finds the new object.
   */
  private void stale(ProjectedPath path, String key, String etag) {
    onceLog.warn(key, "replaced in the bucket while being read (no longer ETag " + etag
        + "): the read failed, the next open sees the new object");
    placeholders.forget(path);
    Mount target = mount;
    if (target == null) {
      return;
    }
    try {
      target.deleteFile(path);
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}: could not invalidate: {}", Printable.of(key), S3Errors.printable(e));
    }
  }

  /** Answers at once if {@code stage} is done, else defers the command to it. */
  private static <T> T answer(Command command, CompletableFuture<T> stage) throws IOException {
    if (!stage.isDone()) {
      return command.defer(stage);
    }
    try {
      return stage.join();
    } catch (CompletionException e) {
      Throwable c = S3Errors.unwrap(e);
      if (c instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(S3Errors.oneLine(c), c);
    }
  }

  /** S3 calls sent and not yet answered (see {@link Bucket#inFlight}). */
  int requestsInFlight() {
    return bucket.inFlight();
  }

  @Override
  public void close() {
    reads.close();
    bucket.close();
  }
}
