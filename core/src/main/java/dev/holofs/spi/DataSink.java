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

  /** The file offset the next byte written lands at. */
  long position();

  /** How many more bytes the request wants. */
  int remaining();
}
