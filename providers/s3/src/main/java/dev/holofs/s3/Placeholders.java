package dev.holofs.s3;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.cache.RemovalListener;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.PlaceholderVersion;
import dev.holofs.spi.ProjectedPath;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What recent listings said about each item, so a lookup after a listing costs no request; a name
 * no recent listing answered costs one HEAD and one one-key LIST, sent together.
 *
 * <p>A file's version is its size (ProviderID, 8 bytes) and ETag (ContentID): reads get both
 * back, so they need no lookup to clip a range or to send {@code If-Match}.
 */
final class Placeholders {

  /**
   * How long a listing's answer stands in for a HEAD: rclone's default directory cache time. Bytes
   * are never stale for it: every GET carries {@code If-Match}.
   */
  static final Duration FRESH = Duration.ofMinutes(5);

  /** Items remembered (as {@link #recent} keeps), and at most as many again in name order. */
  static final int MAX_ITEMS = 200_000;

  private static final PlaceholderInfo DIRECTORY = PlaceholderInfo.directory().build();

  private final Bucket bucket;
  private final Keys keys;
  private final Cache<ProjectedPath, PlaceholderInfo> recent = CacheBuilder.newBuilder()
      .maximumSize(MAX_ITEMS).expireAfterWrite(FRESH).build();
  /** Names in {@link #byDirectory}, all directories together. */
  private final AtomicInteger indexed = new AtomicInteger();
  /**
   * What {@link #recent} holds, by directory and in name order: which file comes after which ({@link FilesAhead}).
   * A directory's map goes {@link #FRESH} after it was made (names the bucket lost go with it),
   * and all of them together hold at most {@link #MAX_ITEMS} names: past that, new names are not
   * indexed (files after them are just not fetched ahead).
   */
  private final Cache<ProjectedPath, NavigableMap<String, PlaceholderInfo>> byDirectory =
      CacheBuilder.newBuilder().maximumSize(1024).expireAfterWrite(FRESH)
          .removalListener((RemovalListener<ProjectedPath, NavigableMap<String, PlaceholderInfo>>)
              gone -> indexed.addAndGet(-gone.getValue().size()))
          .build();

  Placeholders(Bucket bucket, Keys keys) {
    this.bucket = bucket;
    this.keys = keys;
  }

  static PlaceholderInfo directory() {
    return DIRECTORY;
  }

  static PlaceholderInfo file(long size, Instant modified, String etag) {
    PlaceholderInfo.Builder b = PlaceholderInfo.file(size).times(modified == null ? Instant.EPOCH : modified);
    byte[] tag = etag == null ? new byte[0] : etag.getBytes(StandardCharsets.UTF_8);
    if (tag.length <= PlaceholderVersion.MAX_LENGTH) {
      b.version(PlaceholderVersion.of(ByteBuffer.allocate(8).putLong(size).array(), tag));
    }
    return b.build();
  }

  static PlaceholderInfo file(S3Object o) {
    return file(o.size() == null ? 0 : o.size(), o.lastModified(), o.eTag());
  }

  /** The size a version records, or -1 if it records none. */
  static long size(PlaceholderVersion version) {
    byte[] id = version.providerId();
    return id.length == 8 ? ByteBuffer.wrap(id).getLong() : -1;
  }

  /** The ETag a version records, or null. */
  static String etag(PlaceholderVersion version) {
    byte[] id = version.contentId();
    return id.length == 0 ? null : new String(id, StandardCharsets.UTF_8);
  }

  /** Remembers what a listing said; a directory wins over a file of the same name. */
  void remember(ProjectedPath path, PlaceholderInfo info) {
    PlaceholderInfo now = info.isDirectory() ? info
        : recent.asMap().merge(path, info, (old, fresh) -> old.isDirectory() ? old : fresh);
    if (info.isDirectory()) {
      recent.put(path, info);
    }
    if (path.isRoot()) {
      return;
    }
    NavigableMap<String, PlaceholderInfo> siblings =
        byDirectory.asMap().computeIfAbsent(path.parent(), d -> new ConcurrentSkipListMap<>());
    if (siblings.containsKey(path.name())) {
      siblings.put(path.name(), now); // a newer listing's word
    } else if (indexed.get() < MAX_ITEMS && siblings.putIfAbsent(path.name(), now) == null) {
      indexed.incrementAndGet();
    }
  }

  /** Forgets {@code path}: the bucket changed under it. */
  void forget(ProjectedPath path) {
    recent.invalidate(path);
    NavigableMap<String, PlaceholderInfo> siblings = byDirectory.getIfPresent(path.parent());
    if (siblings != null && siblings.remove(path.name()) != null) {
      indexed.decrementAndGet();
    }
  }

  /** The first item listed in {@code directory} after {@code name} (name order), or null. */
  Map.Entry<String, PlaceholderInfo> entryAfter(ProjectedPath directory, String name) {
    NavigableMap<String, PlaceholderInfo> siblings = byDirectory.getIfPresent(directory);
    return siblings == null || name == null ? null : siblings.higherEntry(name);
  }

  /** The name of the first file listed in {@code directory} after {@code name}, or null. */
  String fileAfter(ProjectedPath directory, String name) {
    Map.Entry<String, PlaceholderInfo> next = entryAfter(directory, name);
    while (next != null && next.getValue().isDirectory()) {
      next = entryAfter(directory, next.getKey());
    }
    return next == null ? null : next.getKey();
  }

  /** The item at {@code path}, or null; from a recent listing when one answered. */
  CompletableFuture<PlaceholderInfo> lookup(ProjectedPath path) {
    if (path.isRoot()) {
      return CompletableFuture.completedFuture(DIRECTORY);
    }
    PlaceholderInfo known = recent.getIfPresent(path);
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    return fetch(path);
  }

  /** Asks the bucket, bypassing what listings said. */
  CompletableFuture<PlaceholderInfo> fetch(ProjectedPath path) {
    String key = keys.objectKey(path);
    CompletableFuture<Boolean> isDirectory = bucket.list(keys.directoryPrefix(path), null, null, 1)
        .thenApply(r -> !r.contents().isEmpty() || !r.commonPrefixes().isEmpty());
    CompletableFuture<PlaceholderInfo> asFile = bucket.head(key)
        .thenApply(h -> file(h.contentLength(), h.lastModified(), h.eTag()))
        .exceptionally(t -> {
          if (S3Errors.status(t) == 404) {
            return null;
          }
          throw S3Errors.completion(t, key);
        });
    return isDirectory.exceptionally(t -> {
      asFile.cancel(true);
      throw S3Errors.completion(t, key);
    }).thenCompose(dir -> dir ? CompletableFuture.completedFuture(DIRECTORY) : asFile)
        .thenApply(info -> {
          if (info != null) {
            remember(path, info);
          }
          return info;
        });
  }
}
