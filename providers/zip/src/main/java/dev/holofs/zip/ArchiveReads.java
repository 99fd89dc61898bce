package dev.holofs.zip;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Positional reads of the archive file. */
final class ArchiveReads {

  /** The most read into a heap buffer at once. */
  private static final int SLICE = 64 << 10;

  private ArchiveReads() {}

  /** Like {@link #readFully}, but stops at the archive's end; returns the bytes read. */
  static int readUpTo(FileChannel channel, ByteBuffer b, long position) throws IOException {
    int from = b.position();
    try {
      readFully(channel, b, position);
    } catch (java.io.EOFException atEnd) {
      // what was there was read
    }
    return b.position() - from;
  }

  /**
   * Fills {@code b}'s remaining space from the archive at {@code position}.
   *
   * @throws EOFException if the archive ends first
   */
  static void readFully(FileChannel channel, ByteBuffer b, long position) throws IOException {
    long at = position - b.position();
    int limit = b.limit();
    try {
      while (b.hasRemaining()) {
        // The JDK reads into a heap buffer through a direct one of the read's size, and keeps
        // that per thread, outside the heap: read in slices, so those stay small.
        if (!b.isDirect()) {
          b.limit(Math.min(limit, b.position() + SLICE));
        }
        if (channel.read(b, at + b.position()) < 0) {
          throw new EOFException("the archive ends at offset " + (at + b.position()));
        }
        b.limit(limit);
      }
    } finally {
      b.limit(limit);
    }
  }
}
