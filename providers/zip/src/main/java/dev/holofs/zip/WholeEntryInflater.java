package dev.holofs.zip;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates small deflated entries (one chunk or less) whole, in one positional read and one call
 * to a pooled zlib {@link Inflater}: most entries of most archives are small, and a cursor or a
 * checkpoint would cost more than the entry.
 */
final class WholeEntryInflater {

  private final FileChannel channel;
  private final ArrayBlockingQueue<Inflater> idle;

  WholeEntryInflater(FileChannel channel, int poolSize) {
    this.channel = channel;
    this.idle = new ArrayBlockingQueue<>(poolSize);
  }

  /** The entry's bytes; checks that the data ends at the declared size and the CRC matches. */
  byte[] inflate(FileEntry file, long dataStart) throws IOException {
    CdEntry e = file.entry;
    int size = (int) e.size();
    // Deflate never grows data by more than a few bytes per 16 KiB block: beyond this bound the
    // compressed size is a lie, and reading it all would only waste memory.
    long bound = size + (size >> 3) + 1024;
    int n = (int) Math.min(e.compressedSize(), bound);
    byte[] in = new byte[n + 1]; // the spare zero byte is the dummy zlib may want at the end
    ArchiveReads.readFully(channel, ByteBuffer.wrap(in, 0, n), dataStart);
    byte[] out = new byte[size];
    Inflater inf = idle.poll();
    if (inf == null) {
      inf = new Inflater(true);
    }
    boolean reusable = false;
    try {
      inf.setInput(in, 0, in.length);
      int done = 0;
      while (done < size) {
        int k = inf.inflate(out, done, size - done);
        if (k == 0) {
          if (inf.finished() || inf.needsInput()) {
            throw new IOException("entry is shorter than its declared size of " + size
                + " bytes: its data ends at " + done);
          }
          if (inf.needsDictionary()) {
            throw new IOException("deflate data asks for a preset dictionary");
          }
        }
        done += k;
      }
      if (!inf.finished() && inf.inflate(new byte[1]) > 0) {
        throw new IOException("entry inflates past its declared size of " + size + " bytes");
      }
      if (!inf.finished()) {
        throw new IOException("compressed data ends before the deflate stream does");
      }
      CRC32 crc = new CRC32();
      crc.update(out);
      if (crc.getValue() != e.crc()) {
        throw new IOException(String.format("CRC mismatch: the entry says %08x, its data gives %08x",
            e.crc(), crc.getValue()));
      }
      reusable = true;
      return out;
    } catch (DataFormatException x) {
      throw new IOException("corrupt deflate data: " + x.getMessage());
    } finally {
      if (reusable) {
        inf.reset();
        if (!idle.offer(inf)) {
          inf.end();
        }
      } else {
        inf.end();
      }
    }
  }

  void close() {
    for (Inflater inf; (inf = idle.poll()) != null; ) {
      inf.end();
    }
  }
}
