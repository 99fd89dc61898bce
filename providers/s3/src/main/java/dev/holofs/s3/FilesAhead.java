package dev.holofs.s3;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Small objects of a directory read one after the other in listing order ({@code cp -r},
 * {@code tar}, {@code grep -r}, {@code cat *}), fetched a few ahead of the reader: each would
 * otherwise cost the reader one GET's wait in turn.
 *
 * <p>A reader is taken for such a walk once it reads a whole small file right after the one
 * before it in its directory; then the next {@link #AHEAD} small files are asked for, whole and
 * with {@code If-Match} on the ETag their listing gave, and handed to the reads of those versions.
 * Reading single files, or in another order, asks for nothing more; a file nobody read within
 * {@link #KEEP} is dropped (aborted if in flight).
 */
final class FilesAhead {

  /** Files asked for ahead of the reader. */
  static final int AHEAD = 8;
  /** Files up to this size are fetched whole: one READ of the kernel's read-ahead covers them. */
  static final long SMALL = 128 << 10;
  /** How long a file asked for early waits for its read. */
  static final Duration KEEP = Duration.ofSeconds(30);

  private final Bucket bucket;
  private final Keys keys;
  private final Placeholders placeholders;
  private final Cache<ProjectedPath, String> lastRead = CacheBuilder.newBuilder()
      .maximumSize(256).expireAfterWrite(KEEP).build();
  private final Cache<String, CompletableFuture<ByteBuffer>> early =
      EarlyRequests.cache(4 * AHEAD, KEEP);

  FilesAhead(Bucket bucket, Keys keys, Placeholders placeholders) {
    this.bucket = bucket;
    this.keys = keys;
    this.placeholders = placeholders;
  }

  /**
   * The whole of version {@code etag} of the small file at {@code path} if it was asked for
   * early, else null; a read of all of it that continues a walk asks for the next files.
   */
  CompletableFuture<ByteBuffer> take(ProjectedPath path, String etag, long size, long offset,
      int length) {
    if (path.isRoot() || etag == null || size > SMALL || offset != 0 || length < size) {
      return null;
    }
    CompletableFuture<ByteBuffer> bytes = early.asMap().remove(version(keys.objectKey(path), etag));
    if (bytes != null && bytes.isCompletedExceptionally()) {
      bytes = null; // asked again by this read, which then sees its own failure
    }
    ProjectedPath directory = path.parent();
    String previous = lastRead.asMap().put(directory, path.name());
    if (bytes != null || path.name().equals(placeholders.fileAfter(directory, previous))) {
      askAfter(directory, path.name());
    }
    return bytes;
  }

  private void askAfter(ProjectedPath directory, String name) {
    String at = name;
    for (int i = 0; i < AHEAD; i++) {
      Map.Entry<String, PlaceholderInfo> next = placeholders.entryAfter(directory, at);
      if (next == null) {
        return;
      }
      at = next.getKey();
      PlaceholderInfo info = next.getValue();
      String etag = info.version() == null ? null : Placeholders.etag(info.version());
      if (info.size() > SMALL || info.size() == 0 || etag == null) {
        continue; // too big to take whole, or nothing to read (the kernel sends no READ)
      }
      String key = keys.objectKey(directory.resolve(at));
      early.asMap().computeIfAbsent(version(key, etag), v -> bucket.get(key, etag, 0, (int) info.size()));
    }
  }

  private static String version(String key, String etag) {
    return key + '\0' + etag;
  }
}
