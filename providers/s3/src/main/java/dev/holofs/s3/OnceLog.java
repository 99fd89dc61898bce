package dev.holofs.s3;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.holofs.spi.Printable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each odd key once (a name that cannot be a file name, an object shadowed by a directory),
 * not on every listing that meets it. Keys are escaped: they come from the bucket.
 */
final class OnceLog {

  private static final Logger LOG = LoggerFactory.getLogger(S3Provider.class);

  private final Cache<String, Boolean> seen = CacheBuilder.newBuilder().maximumSize(10_000).build();

  void warn(String key, String why) {
    if (seen.asMap().putIfAbsent(why + '\0' + key, Boolean.TRUE) == null) {
      LOG.warn("{}: {}", Printable.of(key), Printable.of(why));
    }
  }
}
