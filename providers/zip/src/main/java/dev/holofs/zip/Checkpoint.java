package dev.holofs.zip;

import java.util.Arrays;

/**
 * A point where inflating a deflated entry can restart: the start of a deflate block, at entry
 * offset {@code outPos} and bit {@code bit} of compressed byte {@code inPos} (relative to the
 * entry's data), with the up-to-32 KiB of output before it. The window is kept as it is:
 * compressing it (even at deflate's fastest level) cost a third of an indexing pass, and the
 * {@link Checkpoints} budget bounds the memory. zlib restarts only at byte-aligned ones (it cannot be
 * primed with odd bits, and re-aligning the input would shift the padding of later stored
 * blocks); the Java inflater restarts anywhere.
 */
final class Checkpoint {

  private final long outPos;
  private final long inPos;
  private final int bit;
  private final byte[] window;

  private Checkpoint(long outPos, long inPos, int bit, byte[] window) {
    this.outPos = outPos;
    this.inPos = inPos;
    this.bit = bit;
    this.window = window;
  }

  /** A checkpoint whose window is a copy of {@code window[from, to)}. */
  static Checkpoint of(long outPos, long inPos, int bit, byte[] window, int from, int to) {
    return new Checkpoint(outPos, inPos, bit, Arrays.copyOfRange(window, from, to));
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
    return window.length + 48;
  }

  /** The output before the checkpoint (up to 32 KiB); not to be modified. */
  byte[] window() {
    return window;
  }
}
