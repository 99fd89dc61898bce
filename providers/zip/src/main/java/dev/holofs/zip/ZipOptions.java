package dev.holofs.zip;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How a {@link ZipProvider} reads an archive: the charset of names not flagged UTF-8, and the
 * memory it may spend to serve deflated entries quickly. Immutable; start from {@link #defaults()}.
 *
 * <p>{@link #cacheSize()} is the one memory budget of the provider: inflated entries and chunks
 * (chunks of large entries in an eighth of it), restart points (a quarter of what the live
 * inflaters leave) and live inflaters all live inside it. The archive's directory (names, sizes,
 * offsets: tens of bytes per entry) is not a cache and is not counted.
 *
 * <pre>{@code
 * ZipOptions o = ZipOptions.defaults().withFallbackCharset(Charset.forName("CP866"))
 *     .withCacheSize(64L << 20);
 * }</pre>
 */
public final class ZipOptions {

  /** The default {@link #cacheSize()}: 24 MiB. */
  public static final long DEFAULT_CACHE_SIZE = 24L << 20;
  /** The smallest {@link #cacheSize()}: 1 MiB. */
  public static final long MIN_CACHE_SIZE = 1L << 20;
  /** Memory a live inflater holds at most (buffers, zlib's state), counted in the budget. */
  static final int INFLATER_BYTES = 256 << 10;
  private static final Charset CP437 = cp437();

  private final Charset fallbackCharset;
  private final long cacheSize;
  private final int chunkSize;
  private final int maxInflaters;
  private final int checkpointInterval;

  private ZipOptions(Charset fallbackCharset, long cacheSize, int chunkSize, int maxInflaters,
      int checkpointInterval) {
    this.fallbackCharset = Objects.requireNonNull(fallbackCharset);
    this.cacheSize = cacheSize;
    this.chunkSize = chunkSize;
    this.maxInflaters = maxInflaters;
    this.checkpointInterval = checkpointInterval;
  }

  /**
   * CP437 names; a 24 MiB budget; 64 KiB chunks of large entries; 4 live inflaters; a restart
   * point at the first deflate block of every 128 KiB of a large deflated entry.
   */
  public static ZipOptions defaults() {
    return new ZipOptions(CP437, DEFAULT_CACHE_SIZE, 64 << 10, 4, 128 << 10);
  }

  /** The charset of names whose entries do not set general purpose bit 11 (UTF-8). */
  public Charset fallbackCharset() { return fallbackCharset; }
  /** The provider's memory budget in bytes: every cache of it, and its live inflaters. */
  public long cacheSize() { return cacheSize; }
  /** Large deflated entries are inflated and cached in chunks of this many bytes. */
  public int chunkSize() { return chunkSize; }
  /** At most this many inflaters are kept alive (idle) across all entries. */
  public int maxInflaters() { return maxInflaters; }
  /**
   * Decompressed bytes between the restart points kept for a large deflated entry (each keeps up
   * to 32 KiB of history); a random read inflates about half the distance between two.
   * 0 keeps none.
   */
  public int checkpointInterval() { return checkpointInterval; }

  /** The budget left for cached data and checkpoints once the inflaters' share is set aside. */
  long dataCacheSize() {
    return cacheSize - (long) maxInflaters * INFLATER_BYTES;
  }

  /** The share of {@link #dataCacheSize()} kept for restart points: a quarter. */
  long checkpointCacheSize() {
    return checkpointInterval == 0 ? 0 : dataCacheSize() / 4;
  }

  /** @param charset for names not flagged UTF-8; not null */
  public ZipOptions withFallbackCharset(Charset charset) {
    return new ZipOptions(charset, cacheSize, chunkSize, maxInflaters, checkpointInterval);
  }

  /**
   * @param bytes the provider's memory budget: at least {@link #MIN_CACHE_SIZE}, and room for the
   *     live inflaters (256 KiB each) and two chunks besides
   */
  public ZipOptions withCacheSize(long bytes) {
    return checked(
        new ZipOptions(fallbackCharset, bytes, chunkSize, maxInflaters, checkpointInterval));
  }

  /** @param bytes between 4 KiB and 16 MiB */
  public ZipOptions withChunkSize(int bytes) {
    if (bytes < 4096 || bytes > 16 << 20) {
      throw new IllegalArgumentException("chunk size must be 4 KiB to 16 MiB: " + bytes);
    }
    return checked(
        new ZipOptions(fallbackCharset, cacheSize, bytes, maxInflaters, checkpointInterval));
  }

  /** @param count at least 1 */
  public ZipOptions withMaxInflaters(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("need at least one inflater: " + count);
    }
    return checked(
        new ZipOptions(fallbackCharset, cacheSize, chunkSize, count, checkpointInterval));
  }

  /** @param bytes 0 (none) or at least 64 KiB */
  public ZipOptions withCheckpointInterval(int bytes) {
    if (bytes != 0 && bytes < 64 << 10) {
      throw new IllegalArgumentException("checkpoint interval must be 0 or at least 64 KiB: " + bytes);
    }
    return new ZipOptions(fallbackCharset, cacheSize, chunkSize, maxInflaters, bytes);
  }

  private static ZipOptions checked(ZipOptions o) {
    if (o.cacheSize < MIN_CACHE_SIZE || o.dataCacheSize() * 3 / 4 < 2L * o.chunkSize) {
      throw new IllegalArgumentException("a cache of " + o.cacheSize + " bytes is too small: it "
          + "needs at least 1 MiB, and " + INFLATER_BYTES / 1024 + " KiB for each of the "
          + o.maxInflaters + " inflaters plus two chunks of " + o.chunkSize + " bytes");
    }
    return o;
  }

  private static Charset cp437() {
    try {
      return Charset.forName("IBM437");
    } catch (IllegalArgumentException e) {
      return StandardCharsets.ISO_8859_1; // a runtime without jdk.charsets
    }
  }

  @Override
  public String toString() {
    return "ZipOptions[charset=" + fallbackCharset + ", cache=" + cacheSize + ", chunk="
        + chunkSize + ", inflaters=" + maxInflaters + ", checkpoints=" + checkpointInterval + "]";
  }
}
