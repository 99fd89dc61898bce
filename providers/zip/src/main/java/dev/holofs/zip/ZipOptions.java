package dev.holofs.zip;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How a {@link ZipProvider} reads an archive: the charset of names not flagged UTF-8, and the
 * memory it may spend to serve deflated entries quickly. Immutable; start from {@link #defaults()}.
 *
 * <pre>{@code
 * ZipOptions o = ZipOptions.defaults().withFallbackCharset(Charset.forName("CP866"));
 * }</pre>
 */
public final class ZipOptions {

  private static final Charset CP437 = cp437();

  private final Charset fallbackCharset;
  private final long chunkCacheBytes;
  private final int chunkSize;
  private final int maxInflaters;
  private final int checkpointInterval;

  private ZipOptions(Charset fallbackCharset, long chunkCacheBytes, int chunkSize, int maxInflaters,
      int checkpointInterval) {
    this.fallbackCharset = Objects.requireNonNull(fallbackCharset);
    this.chunkCacheBytes = chunkCacheBytes;
    this.chunkSize = chunkSize;
    this.maxInflaters = maxInflaters;
    this.checkpointInterval = checkpointInterval;
  }

  /**
   * CP437 names; an 8 MiB cache of 64 KiB decompressed chunks; 16 live inflaters; a restart point
   * at the first deflate block after every 256 KiB of a deflated entry.
   */
  public static ZipOptions defaults() {
    return new ZipOptions(CP437, 8L << 20, 64 << 10, 16, 256 << 10);
  }

  /** The charset of names whose entries do not set general purpose bit 11 (UTF-8). */
  public Charset fallbackCharset() { return fallbackCharset; }
  /** At most this many bytes of decompressed data are cached. */
  public long chunkCacheBytes() { return chunkCacheBytes; }
  /** Deflated entries are decompressed and cached in chunks of this many bytes. */
  public int chunkSize() { return chunkSize; }
  /** At most this many inflaters are kept alive (idle) across all entries. */
  public int maxInflaters() { return maxInflaters; }
  /**
   * Decompressed bytes between the restart points kept for a deflated entry (each keeps up to
   * 32 KiB of history); a random read inflates about half the distance between two.
   * 0 keeps none.
   */
  public int checkpointInterval() { return checkpointInterval; }

  /** @param charset for names not flagged UTF-8; not null */
  public ZipOptions withFallbackCharset(Charset charset) {
    return new ZipOptions(charset, chunkCacheBytes, chunkSize, maxInflaters, checkpointInterval);
  }

  /** @param bytes at least one chunk */
  public ZipOptions withChunkCacheBytes(long bytes) {
    if (bytes < chunkSize) {
      throw new IllegalArgumentException("chunk cache of " + bytes + " bytes holds no chunk of " + chunkSize);
    }
    return new ZipOptions(fallbackCharset, bytes, chunkSize, maxInflaters, checkpointInterval);
  }

  /** @param bytes between 4 KiB and 16 MiB */
  public ZipOptions withChunkSize(int bytes) {
    if (bytes < 4096 || bytes > 16 << 20) {
      throw new IllegalArgumentException("chunk size must be 4 KiB to 16 MiB: " + bytes);
    }
    return new ZipOptions(fallbackCharset, Math.max(chunkCacheBytes, bytes), bytes, maxInflaters,
        checkpointInterval);
  }

  /** @param count at least 1 */
  public ZipOptions withMaxInflaters(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("need at least one inflater: " + count);
    }
    return new ZipOptions(fallbackCharset, chunkCacheBytes, chunkSize, count, checkpointInterval);
  }

  /** @param bytes 0 (none) or at least 64 KiB */
  public ZipOptions withCheckpointInterval(int bytes) {
    if (bytes != 0 && bytes < 64 << 10) {
      throw new IllegalArgumentException("checkpoint interval must be 0 or at least 64 KiB: " + bytes);
    }
    return new ZipOptions(fallbackCharset, chunkCacheBytes, chunkSize, maxInflaters, bytes);
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
    return "ZipOptions[charset=" + fallbackCharset + ", cache=" + chunkCacheBytes + ", chunk="
        + chunkSize + ", inflaters=" + maxInflaters + ", checkpoints=" + checkpointInterval + "]";
  }
}
