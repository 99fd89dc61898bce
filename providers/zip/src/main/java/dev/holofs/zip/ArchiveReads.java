package dev.holofs.zip;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Positional reads of the archive file. */
final class ArchiveReads {

  private ArchiveReads() {}

  /**
   * Fills {@code b}'s remaining space from the archive at {@code position}.
   *
   * @throws EOFException if the archive ends first
   */
  static void readFully(FileChannel channel, ByteBuffer b, long position) throws IOException {
    long at = position - b.position();
    while (b.hasRemaining()) {
      if (channel.read(b, at + b.position()) < 0) {
        throw new EOFException("the archive ends at offset " + (at + b.position()));
      }
    }
  }
}
