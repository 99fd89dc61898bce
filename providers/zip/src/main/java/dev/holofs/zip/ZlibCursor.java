package dev.holofs.zip;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A live position in one deflated entry, inflated by zlib: an {@link Inflater} that has produced
 * {@link #outPos} bytes. It starts at the entry's first byte or at a {@link Checkpoint} (a block boundary: the
 * inflater gets the 32 KiB window as its dictionary, and the compressed bits are re-aligned when
 * the block does not start on a byte boundary). Not thread-safe: the {@link CursorPool} lends it to
 * one reader at a time.
 */
final class ZlibCursor extends Cursor {

  private static final int INPUT_BUFFER = 64 << 10;

  private final FileChannel channel;
  private final long dataStart;
  private final long compressedSize;
  private final Inflater inflater = new Inflater(true);
  private final byte[] input = new byte[INPUT_BUFFER];
  /** Non-null only for a cursor that started at the entry's start: the running CRC. */
  private final CRC32 crc;
  /** Next compressed byte to read, relative to the data start. */
  private long inPos;
  private boolean dummySent;

  ZlibCursor(FileEntry file, FileChannel channel, long dataStart, Checkpoint from) throws IOException {
    super(file);
    this.channel = channel;
    this.dataStart = dataStart;
    this.compressedSize = file.entry.compressedSize();
    if (from == null) {
      crc = new CRC32();
    } else {
      crc = null;
      outPos = from.outPos();
      inPos = from.inPos();
      if (from.bit() != 0) {
        throw new IllegalArgumentException("zlib cannot restart inside a byte");
      }
      byte[] window = from.window();
      if (window.length > 0) {
        inflater.setDictionary(window);
      }
    }
  }

  @Override
  void inflate(byte[] dst, int length) throws IOException {
    int done = 0;
    try {
      while (done < length) {
        int n = inflater.inflate(dst, done, length - done);
        if (n > 0) {
          done += n;
          continue;
        }
        if (inflater.finished()) {
          throw new IOException("entry is shorter than its declared size of " + size
              + " bytes: its data ends at " + (outPos + done));
        }
        if (inflater.needsDictionary()) {
          throw new IOException("deflate data asks for a preset dictionary");
        }
        if (inflater.needsInput()) {
          feed();
        }
      }
      if (crc != null) {
        crc.update(dst, 0, length);
      }
      outPos += length;
      if (outPos == size) {
        checkEnd();
      }
    } catch (DataFormatException e) {
      throw new IOException("corrupt deflate data at entry offset " + (outPos + done) + ": "
          + e.getMessage());
    }
  }

  /** At the declared size: the stream must end here (no bomb), and the CRC must match. */
  private void checkEnd() throws IOException, DataFormatException {
    byte[] one = new byte[1];
    while (!inflater.finished()) {
      if (inflater.inflate(one) > 0) {
        throw new IOException("entry inflates past its declared size of " + size + " bytes");
      }
      if (inflater.needsInput() && !inflater.finished()) {
        feed();
      }
    }
    if (crc != null && crc.getValue() != file.entry.crc()) {
      throw new IOException(String.format("CRC mismatch: the entry says %08x, its data gives %08x",
          file.entry.crc(), crc.getValue()));
    }
  }

  /** Gives the inflater more compressed bytes; fails once the entry's compressed data is used up. */
  private void feed() throws IOException {
    long left = compressedSize - inPos;
    if (left <= 0) {
      if (!dummySent) {
        // zlib in raw mode may want one byte past the data to notice its end (Inflater's doc).
        dummySent = true;
        input[0] = 0;
        inflater.setInput(input, 0, 1);
        return;
      }
      throw new EOFException("compressed data of " + compressedSize + " bytes ends before "
          + "the entry's " + size + " bytes were inflated");
    }
    int n = (int) Math.min(input.length, left);
    ArchiveReads.readFully(channel, ByteBuffer.wrap(input, 0, n), dataStart + inPos);
    inPos += n;
    inflater.setInput(input, 0, n);
  }

  @Override
  void end() {
    inflater.end();
  }
}
