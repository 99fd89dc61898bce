package dev.holofs.zip;

import java.io.IOException;

/**
 * A live position in one deflated entry: an inflater that has produced {@link #outPos} bytes.
 * Not thread-safe: the {@link CursorPool} lends it to one reader at a time.
 */
abstract sealed class Cursor permits ZlibCursor, IndexingCursor {

  final FileEntry file;
  final long size;
  /** Bytes produced so far (the entry offset of the next byte). */
  long outPos;
  boolean busy;
  long lastUsed;

  Cursor(FileEntry file) {
    this.file = file;
    this.size = file.entry.size();
  }

  /**
   * Inflates the next {@code length} bytes (the entry must hold them) into {@code dst}. When they
   * end the entry, checks that the compressed data ends there too (a bomb does not) and, if this
   * cursor saw the whole entry, its CRC.
   */
  abstract void inflate(byte[] dst, int length) throws IOException;

  /** Frees the inflater. */
  abstract void end();

  /** Inflates and discards up to entry offset {@code target}. */
  final void skipTo(long target, byte[] scratch) throws IOException {
    while (outPos < target) {
      inflate(scratch, (int) Math.min(scratch.length, target - outPos));
    }
  }

  /** Whether nothing more can be read from it. */
  final boolean atEnd() {
    return outPos >= size;
  }
}
