package dev.holofs.s3;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
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
      LOG.warn("{}: {}", escape(key), escape(why));
    }
  }

  /** {@code s} with control characters, backslashes and non-printable code points escaped. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2);
    s.codePoints().forEach(c -> {
      if (c == '\\') {
        b.append("\\\\");
      } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || !Character.isDefined(c)
          || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.SURROGATE) {
        b.append(c <= 0xffff ? String.format("\\u%04x", c) : String.format("\\U%08x", c));
      } else {
        b.appendCodePoint(c);
      }
    });
    return b.toString();
  }
}
