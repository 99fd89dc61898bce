package dev.holofs;

import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A running projection on a mountpoint. {@link #close()} unmounts: in-flight commands are given a
 * moment to finish, then cancelled; closing twice does nothing.
 */
public interface Mount extends AutoCloseable {

  /** Where the projection is mounted. */
  Path mountpoint();

  /**
   * Tells holofs that an item changed in the backing store ({@code PrjUpdateFileIfNeeded}): the
   * kernel's cached name, attributes and pages for it are dropped, so the next access asks the
   * provider again. Never blocks on a request in progress.
   */
  void updateFileIfNeeded(ProjectedPath path, PlaceholderInfo info) throws IOException;

  /** Tells holofs that an item is gone from the backing store ({@code PrjDeleteFile}). */
  void deleteFile(ProjectedPath path) throws IOException;

  /** Per-callback counts, errors, cancellations and latencies so far. */
  ProjectionStats stats();

  /** Blocks until the mount goes away (closed here, or unmounted from outside). */
  void awaitUnmount() throws InterruptedException;

  /** Unmounts; idempotent. */
  @Override
  void close() throws IOException;
}
