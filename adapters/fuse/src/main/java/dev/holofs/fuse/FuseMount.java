package dev.holofs.fuse;

import dev.holofs.Mount;
import dev.holofs.Projection;
import dev.holofs.ProjectionStats;
import dev.holofs.engine.Engine;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.Printable;
import dev.holofs.spi.ProjectedPath;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A projection mounted through FUSE: the pieces of the adapter, started and stopped together. */
final class FuseMount implements Mount {

  private static final Logger log = LoggerFactory.getLogger(FuseMount.class);
  /** How long in-flight commands get to finish before closing cancels them. */
  static final long GRACE_MILLIS = 1000;
  private static final long INIT_TIMEOUT_SECONDS = 10;
  private static final long NOTIFY_WAIT_SECONDS = 5;

  private final Path mountpoint;
  private final boolean lazyUnmount;
  private final Mounter.Mounted mounted;
  private final Engine engine;
  private final NodeTable nodes;
  private final Interrupts interrupts = new Interrupts();
  private final Channel channel;
  private final Dispatcher dispatcher;
  private final Invalidator invalidator;
  private final CountDownLatch unmounted = new CountDownLatch(1);
  private final AtomicBoolean released = new AtomicBoolean();
  private volatile boolean closed;

  private FuseMount(Projection projection, FuseOptions options, Path mountpoint,
      Mounter.Mounted mounted) {
    this.mountpoint = mountpoint;
    this.lazyUnmount = options.lazyUnmount();
    this.mounted = mounted;
    this.engine = new Engine(projection);
    this.nodes = new NodeTable(PlaceholderInfo.directory().times(Instant.now()).build());
    // A provider that never changes lets the kernel keep what it was told for good, "no such
    // name" included; one that may change is asked again once the timeouts run out.
    boolean immutable = projection.provider().isImmutable();
    Duration fallback = immutable ? FuseOptions.FOREVER : FuseOptions.DEFAULT_TIMEOUT;
    Duration entryTimeout = options.entryTimeout().orElse(fallback);
    Duration attributeTimeout = options.attributeTimeout().orElse(fallback);
    Codec codec = new Codec(LibC.geteuid(), LibC.getegid(), entryTimeout, attributeTimeout);
    this.channel = new Channel(mounted.fd(), projection.concurrentThreadCount(),
        projection.poolThreadCount(), this::connectionEnded);
    this.dispatcher = new Dispatcher(engine, nodes, codec, channel, interrupts, options.asyncRead(),
        !attributeTimeout.isZero(), entryTimeout, immutable);
    this.invalidator = new Invalidator(channel);
  }

  /**
   * Mounts {@code projection} on {@code mountpoint} with {@code method} and the projection's
   * {@link FuseOptions}; returns once the kernel's INIT is answered, so the root is usable.
   */
  static FuseMount mount(Projection projection, Path mountpoint, Mounter.Method method)
      throws IOException {
    FuseOptions options = projection.platformOptions(FuseOptions.class).orElseGet(FuseOptions::defaults);
    Path target = mountpoint.toAbsolutePath().normalize();
    Mounter.checkMountpoint(target);
    Mounter.Mounted mounted = Mounter.mount(target,
        new Mounter.Options(options.fsName(), options.allowOther()), method);
    FuseMount mount;
    try {
      mount = new FuseMount(projection, options, target, mounted);
      mount.channel.start(mount.dispatcher, "holofs");
    } catch (RuntimeException | Error e) { // a thread the system refuses, say: nothing left mounted
      Mounter.unmountQuietly(target);
      LibC.closeQuietly(mounted.fd());
      Mounter.release(mounted);
      throw new IOException("cannot serve the mount on " + target + ": " + e.getMessage(), e);
    }
    try {
      mount.dispatcher.initialized().get(INIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      mount.abandon();
      throw new IOException("FUSE connection on " + target + " was not initialized: "
          + (e instanceof TimeoutException ? "no INIT within " + INIT_TIMEOUT_SECONDS + " s"
              : e.getCause().getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      mount.abandon();
      throw new java.io.InterruptedIOException("interrupted while mounting " + target);
    }
    log.info("mounted on {} ({})", target, mounted.method());
    return mount;
  }

  private void abandon() {
    closed = true;
    try {
      Mounter.unmount(mountpoint, true);
    } catch (IOException e) {
      log.warn("{}", e.getMessage());
    }
    release(0);
  }

  @Override
  public Path mountpoint() {
    return mountpoint;
  }

  @Override
  public void updateFileIfNeeded(ProjectedPath path, PlaceholderInfo info) throws IOException {
    checkOpen();
    Objects.requireNonNull(info, "info");
    long node = nodes.find(path);
    nodes.info(node, info); // reads through handles already open get the new version
    invalidate(path, node);
  }

  @Override
  public void deleteFile(ProjectedPath path) throws IOException {
    checkOpen();
    if (path.isRoot()) {
      throw new IllegalArgumentException("the root cannot be deleted");
    }
    invalidate(path, nodes.detach(path));
  }

  /**
   * Drops the kernel's entry, attributes and pages of {@code path}, and its parent's listing.
   * Waits for the notifications to be written unless a request on the item or its parent is
   * unanswered (its answer might be what a notification waits for, and come from this thread).
   */
  private void invalidate(ProjectedPath path, long node) {
    nodes.changed(); // listings fetched before hand no file nodes (ListedNodes#forFiles)
    long parent = path.isRoot() ? NodeTable.NONE : nodes.find(path.parent());
    if (parent == NodeTable.NONE && node == NodeTable.NONE) {
      return; // the kernel has neither cached
    }
    nodes.listingCachedAt(parent, 0); // the next opendir refills the listing, whatever the notification
    // A listing being read without a handle is kept: a reader part-way through continues it at its
    // offset, and only the listing it began on gives that offset the same meaning.
    Future<?> sent = invalidator.invalidate(parent, path.name(), node);
    if ((node != NodeTable.NONE && interrupts.isBusy(node))
        || (parent != NodeTable.NONE && interrupts.isBusy(parent))) {
      return;
    }
    try {
      sent.get(NOTIFY_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.debug("invalidation of {} still pending", Printable.of(path.toString()), e);
    }
  }

  private void checkOpen() throws IOException {
    if (closed || channel.isConnectionLost()) {
      throw new IOException("the projection on " + mountpoint + " is not mounted any more");
    }
  }

  /** Directories being listed without OPENDIR whose listing has not reached its end (for tests). */
  int unfinishedListings() {
    return dispatcher.unfinishedListings();
  }

  /** Node ids the kernel holds now, the root included (for tests and diagnostics). */
  int liveNodes() {
    return nodes.size();
  }

  /**
   * Handles a request as if the kernel had sent it on the mount's connection, where its reply is
   * written: the kernel refuses it if it never sent {@code unique} (for tests).
   */
  void handle(int opcode, long unique, long nodeid, ByteBuffer body) {
    dispatcher.handle(new Request(mounted.fd(), opcode, unique, nodeid, 0, 0, 0), body);
  }

  /** Successful replies the kernel refused (see {@link Channel#refusedReplies}). */
  long refusedReplies() {
    return channel.refusedReplies();
  }

  /** FUSE reader threads started so far (for tests and diagnostics). */
  int readersStarted() {
    return channel.readersStarted();
  }

  @Override
  public ProjectionStats stats() {
    return engine.stats();
  }

  @Override
  public void awaitUnmount() throws InterruptedException {
    unmounted.await();
  }

  /**
   * Unmounts: in-flight commands get {@link #GRACE_MILLIS} to finish; a mountpoint still in use
   * fails with a "busy" error (and stays mounted) unless the projection unmounts lazily, in which
   * case it is detached, remaining commands are cancelled and the connection is ended.
   */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    if (!channel.isConnectionLost()) {
      awaitQuiet(GRACE_MILLIS);
      Mounter.unmount(mountpoint, lazyUnmount);
    }
    closed = true;
    release(0); // in-flight commands had their grace before the unmount
    log.info("unmounted {}", mountpoint);
  }

  private void awaitQuiet(long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (engine.liveCommands() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The kernel ended the connection (unmounted from outside, or by close). */
  private void connectionEnded() {
    Thread t = new Thread(() -> {
      closed = true;
      release(0);
    }, "holofs-unmounted");
    t.setDaemon(true);
    t.start();
  }

  /** Stops everything once the mount is gone or detached; runs once. */
  private void release(long graceMillis) {
    if (!released.compareAndSet(false, true)) {
      try {
        unmounted.await(); // the other caller is releasing
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    try {
      engine.close(graceMillis); // cancelled commands are answered EINTR while the fds are open
      invalidator.stop();
      channel.stop();
      Mounter.release(mounted);
    } finally {
      unmounted.countDown();
    }
  }

  @Override
  public String toString() {
    return "FuseMount[" + mountpoint + "]";
  }
}
