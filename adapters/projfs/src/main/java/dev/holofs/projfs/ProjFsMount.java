package dev.holofs.projfs;

import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.holofs.Mount;
import dev.holofs.Projection;
import dev.holofs.ProjectionStats;
import dev.holofs.engine.Engine;
import dev.holofs.spi.Collation;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A projection served by ProjFS on a virtualization root.
 *
 * <p><b>Threads.</b> ProjFS owns the pool: the projection's ConcurrentThreadCount and
 * PoolThreadCount go to {@code PrjStartVirtualizing} unchanged, and every callback runs the
 * provider on the ProjFS thread that invoked it — there is no second hand-off. The engine's pool
 * rules map one to one: at most ConcurrentThreadCount threads execute provider code (ProjFS's
 * completion-port concurrency); {@code Command.blocking} work blocks the thread, which is exactly
 * what lets ProjFS run another of its PoolThreadCount threads; a deferred command returns
 * {@code ERROR_IO_PENDING}, holds no thread, and completes with {@code PrjCompleteCommand}; when
 * every thread is busy, further I/O waits in ProjFS, it is not refused.
 *
 * <p><b>Changes.</b> {@link #updateFileIfNeeded} and {@link #deleteFile} are
 * {@code PrjUpdateFileIfNeeded} / {@code PrjDeleteFile}; a refusal names ProjFS's failure cause.
 */
final class ProjFsMount implements Mount {

  private static final Logger log = LoggerFactory.getLogger(ProjFsMount.class);
  /** How long in-flight commands get to finish before closing cancels them. */
  static final long GRACE_MILLIS = 1000;
  /** The largest chunk one PrjWriteFileData carries. */
  static final int MAX_CHUNK = 1 << 20;
  private static final int UPDATE_FLAGS = Prj.PRJ_UPDATE_ALLOW_DIRTY_METADATA
      | Prj.PRJ_UPDATE_ALLOW_READ_ONLY;

  private final VirtualizationRoot root;
  private final Engine engine;
  private final Callbacks callbacks;
  /** Held while the instance lives: ProjFS calls through the native stubs they own. */
  private final List<Object> nativeReferences = new ArrayList<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile Instance instance;

  private ProjFsMount(VirtualizationRoot root, Engine engine, Callbacks callbacks) {
    this.root = root;
    this.engine = engine;
    this.callbacks = callbacks;
  }

  /** Starts virtualizing {@code directory} for {@code projection} through {@code lib}. */
  static ProjFsMount start(ProjectedFsLib lib, Projection projection, Path directory, int maxChunk)
      throws IOException {
    VirtualizationRoot root = VirtualizationRoot.prepare(lib, directory);
    Engine engine = new Engine(projection.provider(), projection.concurrentThreadCount(),
        projection.poolThreadCount(), Collation.WINDOWS, true);
    ProjFsMount mount = new ProjFsMount(root, engine, new Callbacks(engine, maxChunk));
    try {
      mount.startInstance(lib, projection);
    } catch (IOException | RuntimeException e) {
      engine.close(0);
      throw e;
    }
    log.info("virtualizing {}", root.path());
    return mount;
  }

  private void startInstance(ProjectedFsLib lib, Projection projection) throws IOException {
    PrjCallbacks structure = callbacks.structure();
    PrjNotificationMapping mapping = new PrjNotificationMapping();
    mapping.NotificationBitMask = Callbacks.REFUSED_NOTIFICATIONS;
    mapping.NotificationRoot = new WString(""); // the whole root
    mapping.write();
    PrjStartVirtualizingOptions options = new PrjStartVirtualizingOptions();
    options.Flags = Prj.PRJ_FLAG_USE_NEGATIVE_PATH_CACHE;
    options.ConcurrentThreadCount = projection.concurrentThreadCount();
    options.PoolThreadCount = projection.poolThreadCount();
    options.NotificationMappings = mapping.getPointer();
    options.NotificationMappingsCount = 1;
    nativeReferences.addAll(List.of(structure, mapping, options));

    PointerByReference context = new PointerByReference();
    int hr = lib.PrjStartVirtualizing(new WString(root.path().toString()), structure, null, options,
        context);
    if (Prj.failed(hr)) {
      throw root.startFailure(hr);
    }
    // Callbacks may come at once: they find the instance, and wait for its alignment if need be.
    instance = new Instance(lib, context.getValue());
    callbacks.attach(instance);
    PrjVirtualizationInstanceInfo info = new PrjVirtualizationInstanceInfo();
    hr = lib.PrjGetVirtualizationInstanceInfo(context.getValue(), info);
    UUID found = Guid.read(info.InstanceID.getPointer());
    instance.writeAlignment(info.WriteAlignment);
    if (Prj.failed(hr) || !found.equals(root.instanceId())) {
      instance.stop();
      throw Prj.failed(hr)
          ? new IOException("PrjGetVirtualizationInstanceInfo failed: " + Prj.hex(hr))
          : root.foreignRoot(found);
    }
  }

  @Override
  public Path mountpoint() {
    return root.path();
  }

  @Override
  public void updateFileIfNeeded(ProjectedPath path, PlaceholderInfo info) throws IOException {
    checkOpen();
    Objects.requireNonNull(info, "info");
    PrjPlaceholderInfo p = Placeholders.placeholderInfo(info);
    IntByReference cause = new IntByReference();
    WString name = WindowsPaths.toWindows(path);
    int hr = instance.call((lib, context) ->
        lib.PrjUpdateFileIfNeeded(context, name, p, p.size(), UPDATE_FLAGS, cause));
    if (hr == Prj.HR_ERROR_FILE_NOT_FOUND || hr == Prj.HR_ERROR_PATH_NOT_FOUND) {
      // Not on disk yet: ProjFS will ask. It may remember that the name was missing, though.
      hr = instance.call((lib, context) -> lib.PrjClearNegativePathCache(context, new IntByReference()));
    }
    check("update", path, hr, cause.getValue());
  }

  @Override
  public void deleteFile(ProjectedPath path) throws IOException {
    if (path.isRoot()) {
      throw new IllegalArgumentException("the root cannot be deleted");
    }
    checkOpen();
    IntByReference cause = new IntByReference();
    WString name = WindowsPaths.toWindows(path);
    int hr = instance.call((lib, context) -> lib.PrjDeleteFile(context, name, UPDATE_FLAGS, cause));
    if (hr == Prj.HR_ERROR_FILE_NOT_FOUND || hr == Prj.HR_ERROR_PATH_NOT_FOUND) {
      return; // never on disk: nothing to remove
    }
    check("delete", path, hr, cause.getValue());
  }

  private void check(String what, ProjectedPath path, int hr, int cause) throws IOException {
    if (Prj.failed(hr)) {
      throw new IOException("cannot " + what + " " + Escape.text(path.toString()) + ": "
          + Prj.hex(hr) + (cause == 0 ? "" : " (" + UpdateFailure.describe(cause) + ")"));
    }
  }

  private void checkOpen() throws IOException {
    if (stopped.getCount() == 0) {
      throw new IOException("the projection on " + root.path() + " is not mounted any more");
    }
  }

  @Override
  public ProjectionStats stats() {
    return engine.stats();
  }

  @Override
  public void awaitUnmount() throws InterruptedException {
    stopped.await();
  }

  /**
   * Stops virtualizing, once: in-flight commands get {@link #GRACE_MILLIS} to finish, the rest are
   * cancelled (and answered with ERROR_OPERATION_ABORTED), then ProjFS is stopped. Files already
   * hydrated stay on disk, as ProjFS leaves them.
   */
  @Override
  public synchronized void close() {
    if (stopped.getCount() == 0) {
      return;
    }
    try {
      engine.close(GRACE_MILLIS);
      instance.stop();
    } finally {
      stopped.countDown();
      log.info("stopped virtualizing {}", root.path());
    }
  }

  /** Test hook: the ProjFS commands not yet answered. */
  int outstandingCommands() {
    return callbacks.outstanding();
  }

  /** Test hook: live engine sessions and enumeration GUIDs. */
  int openEnumerations() {
    return Math.max(engine.liveSessions(), callbacks.enumerations());
  }

  @Override
  public String toString() {
    return "ProjFsMount[" + root.path() + "]";
  }
}
