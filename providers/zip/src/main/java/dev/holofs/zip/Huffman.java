package dev.holofs.zip;

import java.util.zip.DataFormatException;

/**
 * A canonical Huffman code of deflate (RFC 1951 §3.2.2), decoded LSB-first: codes up to
 * {@link #FAST_BITS} long are one table lookup, longer ones are decoded bit by bit.
 */
final class Huffman {

  static final int FAST_BITS = 10;
  private static final int MAX_BITS = 15;

  /** {@code symbol << 4 | length} by the next FAST_BITS input bits; 0 for a longer code. */
  final int[] fast = new int[1 << FAST_BITS];
  private final short[] count = new short[MAX_BITS + 1];
  private final short[] symbols;

  /**
   * @throws DataFormatException if the lengths over-subscribe the code, or describe an incomplete
   *     code with more than one symbol (allowed only for a single distance code)
   */
  Huffman(byte[] lengths, int n) throws DataFormatException {
    symbols = new short[n];
    for (int i = 0; i < n; i++) {
      count[lengths[i]]++;
    }
    count[0] = 0;
    int left = 1;
    for (int len = 1; len <= MAX_BITS; len++) {
      left = (left << 1) - count[len];
      if (left < 0) {
        throw new DataFormatException("over-subscribed Huffman code");
      }
    }
    short[] offs = new short[MAX_BITS + 2];
    for (int len = 1; len <= MAX_BITS; len++) {
      offs[len + 1] = (short) (offs[len] + count[len]);
    }
    int[] next = new int[MAX_BITS + 2];
    int code = 0;
    for (int len = 1; len <= MAX_BITS; len++) {
      code = (code + count[len - 1]) << 1;
      next[len] = code;
    }
    for (int sym = 0; sym < n; sym++) {
      int len = lengths[sym];
      if (len == 0) {
        continue;
      }
      symbols[offs[len]++] = (short) sym;
      int c = next[len]++;
      if (len <= FAST_BITS) {
        int rev = Integer.reverse(c) >>> (32 - len);
        for (int i = rev; i < fast.length; i += 1 << len) {
          fast[i] = (sym << 4) | len;
        }
      }
    }
  }

  /**
   * Decodes the code at the bottom of {@code bits} (at least 15 valid bits, LSB first) and answers
   * {@code symbol << 4 | length}.
   */
  int decode(long bits) throws DataFormatException {
    int e = fast[(int) bits & ((1 << FAST_BITS) - 1)];
    if (e != 0) {
      return e;
    }
    int code = 0;
    int first = 0;
    int index = 0;
    for (int len = 1; len <= MAX_BITS; len++) {
      code |= (int) (bits >>> (len - 1)) & 1;
      int c = count[len];
      if (code - c < first) {
        return (symbols[index + (code - first)] << 4) | len;
      }
      index += c;
      first = (first + c) << 1;
      code <<= 1;
    }
    throw new DataFormatException("invalid Huffman code");
  }
}
