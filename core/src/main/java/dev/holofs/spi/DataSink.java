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
   * for bytes the caller promises not to change until the request is answered, which may be after
   * the command ends (frozen in-memory content, a read-only mapped file, a cache entry never
   * reused): the sink may keep a reference to them and send them from where they are instead of
   * copying them. {@code data}'s position and limit are the caller's again once this returns
   * (the position advanced past the bytes, as by {@code write}); only its content must stay.
   *
   * <p>Which bytes are sent without a copy is the sink's choice: a heap buffer's bytes may still
   * be copied, and so may any bytes past a bound the sink sets. The default just calls {@link
   * #write}.
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
