package dev.holofs.zip;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The CRC-32 of an entry's bytes as readers cover them, in any order: each read adds the ranges
 * it covers that no earlier read did, with their CRC, and neighbouring ranges are combined (the
 * CRC of two joined ranges follows from theirs, as zlib's {@code crc32_combine} does). Once one
 * range is the whole entry, its CRC is the entry's and can be checked. A reader that never covers
 * the whole entry leaves it unchecked; one scattering more than {@link #MAX_RANGES} disjoint
 * ranges gives the check up rather than hold more memory per entry.
 */
final class CrcCoverage {

  /** The most disjoint ranges tracked for one entry. */
  static final int MAX_RANGES = 256;
  private static final int POLY = 0xEDB88320; // CRC-32, bits reversed
  /** {@code X2N[k]} is x^(2^k) modulo the polynomial. */
  private static final int[] X2N = new int[32];

  static {
    X2N[0] = 1 << 30; // x^1
    for (int k = 1; k < 32; k++) {
      X2N[k] = multiply(X2N[k - 1], X2N[k - 1]);
    }
  }

  private final long size;
  private long[] start = new long[2];
  private long[] end = new long[2];
  private int[] crc = new int[2];
  private int count;
  private boolean gaveUp;

  CrcCoverage(long size) {
    this.size = size;
  }

  /**
   * Adds {@code bytes} (all remaining), read at {@code offset}; returns true when this read is the
   * one that makes the whole entry covered: {@link #value()} is then the entry's CRC-32.
   */
  boolean add(long offset, ByteBuffer bytes) {
    // Computed before taking the lock: readers of one entry in parallel must not queue for it.
    // Almost always the read covers nothing covered before, and this is the CRC needed.
    return add(offset, bytes, crcOf(bytes, 0, bytes.remaining()));
  }

  private synchronized boolean add(long offset, ByteBuffer bytes, int crcOfAll) {
    if (gaveUp || isComplete()) {
      return false;
    }
    long from = offset;
    long to = offset + bytes.remaining();
    int i = firstEndingAfter(from);
    if (i == count || start[i] >= to) {
      insert(i, from, to, crcOfAll); // nothing of it covered yet
      return !gaveUp && isComplete();
    }
    while (from < to) {
      if (i < count && start[i] <= from) { // covered already: skip to its end
        from = Math.min(to, end[i]);
        i++;
        continue;
      }
      long gapEnd = i < count ? Math.min(to, start[i]) : to;
      insert(i, from, gapEnd, crcOf(bytes, (int) (from - offset), (int) (gapEnd - from)));
      if (gaveUp) {
        return false;
      }
      from = gapEnd;
      i = firstEndingAfter(from);
    }
    return isComplete();
  }

  /** The entry's CRC-32, once {@link #add} said it is whole. */
  synchronized long value() {
    return Integer.toUnsignedLong(crc[0]);
  }

  private boolean isComplete() {
    return count == 1 && start[0] == 0 && end[0] == size;
  }

  /** The first range that ends after {@code position}. */
  private int firstEndingAfter(long position) {
    int i = 0;
    while (i < count && end[i] <= position) {
      i++;
    }
    return i;
  }

  /** Inserts [from, to) before range {@code i}, joining it to the neighbours it touches. */
  private void insert(int i, long from, long to, int value) {
    if (i > 0 && end[i - 1] == from) {
      crc[i - 1] = combine(crc[i - 1], value, to - from);
      end[i - 1] = to;
      joinNext(i - 1);
      return;
    }
    if (i < count && start[i] == to) {
      crc[i] = combine(value, crc[i], end[i] - start[i]);
      start[i] = from;
      return;
    }
    if (count == MAX_RANGES) {
      gaveUp = true;
      start = end = null;
      crc = null;
      return;
    }
    if (count == start.length) {
      int capacity = Math.min(MAX_RANGES, 2 * count);
      start = Arrays.copyOf(start, capacity);
      end = Arrays.copyOf(end, capacity);
      crc = Arrays.copyOf(crc, capacity);
    }
    System.arraycopy(start, i, start, i + 1, count - i);
    System.arraycopy(end, i, end, i + 1, count - i);
    System.arraycopy(crc, i, crc, i + 1, count - i);
    start[i] = from;
    end[i] = to;
    crc[i] = value;
    count++;
  }

  /** Joins range {@code i} with the next one if they touch. */
  private void joinNext(int i) {
    if (i + 1 < count && end[i] == start[i + 1]) {
      crc[i] = combine(crc[i], crc[i + 1], end[i + 1] - start[i + 1]);
      end[i] = end[i + 1];
      count--;
      System.arraycopy(start, i + 2, start, i + 1, count - i - 1);
      System.arraycopy(end, i + 2, end, i + 1, count - i - 1);
      System.arraycopy(crc, i + 2, crc, i + 1, count - i - 1);
    }
  }

  private static int crcOf(ByteBuffer bytes, int from, int length) {
    CRC32 c = new CRC32();
    c.update(bytes.duplicate().position(bytes.position() + from).limit(bytes.position() + from + length));
    return (int) c.getValue();
  }

  /** The CRC-32 of A followed by B, from A's, B's and B's length. */
  static int combine(int crcA, int crcB, long lengthB) {
    return multiply(powerOfX(lengthB), crcA) ^ crcB;
  }

  /** x^(8 * bytes) modulo the polynomial. */
  private static int powerOfX(long bytes) {
    int p = 1 << 31; // x^0
    int k = 3; // 8 bits per byte: start at x^(2^3)
    for (long n = bytes; n != 0; n >>>= 1, k++) {
      if ((n & 1) != 0) {
        p = multiply(X2N[k & 31], p);
      }
    }
    return p;
  }

  /** a(x) * b(x) modulo the polynomial, both bit-reversed; {@code a} is not zero. */
  private static int multiply(int a, int b) {
    int m = 1 << 31;
    int p = 0;
    while (true) {
      if ((a & m) != 0) {
        p ^= b;
        if ((a & (m - 1)) == 0) {
          return p;
        }
      }
      m >>>= 1;
      b = (b & 1) != 0 ? (b >>> 1) ^ POLY : b >>> 1;
    }
  }
}
