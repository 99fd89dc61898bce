package dev.holofs.spi;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Receives file bytes for one {@code getFileData} call: ProjFS's {@code PrjWriteFileData}, a FUSE
 * read reply. Bytes are appended in file order, starting at the requested offset.
 */
public interface DataSink {

  /**
   * Appends the remaining bytes of {@code data} at {@link #position()}. The bytes are copied
   * before this returns: the caller may reuse {@code data} at once (S3's read-ahead reuses its
   * part buffers so).
   *
   * @throws IllegalArgumentException if they would run past the requested range
   * @throws IllegalStateException if the command has already ended
   */
  void write(ByteBuffer data) throws IOException;

  /**
   * Appends the remaining bytes of {@code data} at {@link #position()}, like {@link #write}, but
   * the sink may keep a reference to them and send them from where they are, possibly after the
   * command ends, instead of copying them. So the caller promises that the bytes never change, and
   * that their memory is never freed or reused, while the buffer is reachable; the sink's reference
   * keeps it reachable for as long as it needs the bytes. Fit: frozen in-memory content, a mapping
   * of a file nobody changes, a cache entry dropped (never overwritten) on eviction. Unfit: pooled
   * buffers, and buffers released explicitly (a cleaner, a closed memory segment): refilled, they
   * would send another file's bytes to this reader; use {@code write} for those.
   *
   * <p>{@code data}'s position and limit are the caller's again once this returns (the position
   * advanced past the bytes, as by {@code write}); only its content must stay. A heap buffer's
   * bytes are copied before this returns (the collector may move them); which direct bytes go
   * without a copy is the sink's choice: it may copy any, such as those past a bound it sets. The
   * default just calls {@link #write}.
   *
   * @throws IllegalArgumentException if they would run past the requested range
   * @throws IllegalStateException if the command has already ended
   */
  default void lend(ByteBuffer data) throws IOException {
    write(data);
  }

  /** The file offset the next byte written lands at. */
  long position();

  /** How many more bytes the request wants. */
  int remaining();
}
