package dev.holofs.zip;

import java.io.IOException;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A point where inflating a deflated entry can restart: the start of a deflate block, at entry
 * offset {@code outPos} and bit {@code bit} of compressed byte {@code inPos} (relative to the
 * entry's data), with the up-to-32 KiB of output before it, kept deflated (a few hundred
 * checkpoints per large entry add up). zlib restarts only at byte-aligned ones (it cannot be
 * primed with odd bits, and re-aligning the input would shift the padding of later stored
 * blocks); the Java inflater restarts anywhere.
 */
final class Checkpoint {

  private final long outPos;
  private final long inPos;
  private final int bit;
  private final byte[] packed;
  private final int windowLength;

  private Checkpoint(long outPos, long inPos, int bit, byte[] packed, int windowLength) {
    this.outPos = outPos;
    this.inPos = inPos;
    this.bit = bit;
    this.packed = packed;
    this.windowLength = windowLength;
  }

  /** A checkpoint whose window is {@code window[from, to)}, compressed with {@code deflater}. */
  static Checkpoint of(long outPos, long inPos, int bit, byte[] window, int from, int to,
      Deflater deflater) {
    deflater.reset();
    deflater.setInput(window, from, to - from);
    deflater.finish();
    byte[] buf = new byte[to - from + 64];
    int n = 0;
    while (!deflater.finished() && n < buf.length) {
      n += deflater.deflate(buf, n, buf.length - n);
    }
    return new Checkpoint(outPos, inPos, bit, Arrays.copyOf(buf, n), to - from);
  }

  long outPos() {
    return outPos;
  }

  long inPos() {
    return inPos;
  }

  /** Bits of byte {@link #inPos} that belong to the block before (0 to 7). */
  int bit() {
    return bit;
  }

  /** Bytes this checkpoint holds. */
  int footprint() {
    return packed.length + 48;
  }

  /** The output before the checkpoint (up to 32 KiB), decompressed. */
  byte[] window() throws IOException {
    Inflater inf = new Inflater(true);
    try {
      inf.setInput(packed);
      byte[] w = new byte[windowLength];
      int n = 0;
      while (n < w.length) {
        int k = inf.inflate(w, n, w.length - n);
        if (k == 0 && (inf.finished() || inf.needsInput())) {
          throw new IOException("damaged checkpoint window");
        }
        n += k;
      }
      return w;
    } catch (DataFormatException e) {
      throw new IOException("damaged checkpoint window", e);
    } finally {
      inf.end();
    }
  }
}
