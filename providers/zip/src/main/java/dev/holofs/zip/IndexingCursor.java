package dev.holofs.zip;

import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;

/**
 * A cursor that inflates in Java (RFC 1951), so it can see where deflate blocks start — zlib, as
 * java.util.zip exposes it, cannot say — and leave a {@link Checkpoint} at the first block start
 * after every {@link Checkpoints#spacing()} bytes. It runs beyond an entry's last checkpoint,
 * and restarts from checkpoints inside a byte, which zlib cannot; from byte-aligned checkpoints
 * inside the indexed part, reads restart zlib ({@link ZlibCursor}). Its inner loop keeps its
 * state in locals and refills the bit buffer eight bytes at a time: it runs about as fast as zlib.
 */
final class IndexingCursor extends Cursor {

  private static final int[] LEN_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
      35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
  private static final int[] LEN_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3,
      3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
  private static final int[] DIST_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129,
      193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
  private static final int[] DIST_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7,
      8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
  private static final int[] CODE_LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3,
      13, 2, 14, 1, 15};
  private static final Huffman FIXED_LIT;
  private static final Huffman FIXED_DIST;

  static {
    byte[] lit = new byte[288];
    for (int i = 0; i < 288; i++) {
      lit[i] = (byte) (i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8);
    }
    byte[] dist = new byte[30];
    java.util.Arrays.fill(dist, (byte) 5);
    try {
      FIXED_LIT = new Huffman(lit, 288);
      FIXED_DIST = new Huffman(dist, 30);
    } catch (DataFormatException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int WSIZE = 1 << 15;
  private static final int FAST_MASK = (1 << Huffman.FAST_BITS) - 1;
  private static final int HEADER = 0;
  private static final int STORED = 1;
  private static final int CODES = 2;
  private static final int DONE = 3;

  private final FileChannel channel;
  private final long dataStart;
  private final long compressedSize;
  private final Checkpoints checkpoints;

  private final CRC32 crc;
  /**
   * Decoded output: the 32 KiB of history matches may reach, then newly decoded bytes; when full,
   * the last 32 KiB slide to the front. Bytes {@code [rp, hp)} are decoded but not yet delivered.
   */
  private final byte[] hist = new byte[WSIZE + (128 << 10)];
  private int hp;
  private int rp;
  /** The first entry offset ever held in {@link #hist} (matches may not reach before it). */
  private final long windowStart;
  private final byte[] in = new byte[64 << 10];
  private int ip;
  private int il;
  /** Entry-relative offset of {@code in[0]}. */
  private long inBase;
  private long bits;
  private int nbits;
  private int padBytes;
  private long nextCheckpoint;

  private int state = HEADER;
  private boolean last;
  private int storedLeft;
  private Huffman lit;
  private Huffman dist;
  private int matchLeft;
  private int matchDist;

  IndexingCursor(FileEntry file, FileChannel channel, long dataStart, Checkpoint from,
      Checkpoints checkpoints) throws IOException {
    super(file);
    this.channel = channel;
    this.dataStart = dataStart;
    this.compressedSize = file.entry.compressedSize();
    this.checkpoints = checkpoints;

    if (from == null) {
      crc = new CRC32();
      windowStart = 0;
    } else {
      crc = null;
      byte[] w = from.window();
      outPos = from.outPos();
      windowStart = outPos - w.length;
      System.arraycopy(w, 0, hist, WSIZE - w.length, w.length);
      hp = WSIZE;
      rp = WSIZE;
      inBase = from.inPos();
      take(from.bit());
    }
    nextCheckpoint = next(outPos);
  }

  @Override
  void inflate(byte[] dst, int length) throws IOException {
    int o = 0;
    try {
      while (o < length) {
        if (rp < hp) {
          int n = Math.min(hp - rp, length - o);
          System.arraycopy(hist, rp, dst, o, n);
          rp += n;
          o += n;
          outPos += n;
          continue;
        }
        if (state == DONE) {
          throw new IOException("entry is shorter than its declared size of " + size
              + " bytes: its data ends at " + outPos);
        }
        decodeSome(length - o);
      }
      if (crc != null) {
        crc.update(dst, 0, length);
      }
      checkpoints.indexed(file, outPos);
      if (outPos == size) {
        checkEnd();
      }
    } catch (DataFormatException e) {
      throw new IOException("corrupt deflate data at entry offset " + decoded() + ": " + e.getMessage());
    }
  }

  /** Where the next checkpoint goes: the first block start past the spacing's next multiple. */
  private long next(long pos) {
    long spacing = checkpoints.spacing();
    return spacing == 0 ? Long.MAX_VALUE : (pos / spacing + 1) * spacing;
  }

  /** The entry offset of the next byte to decode. */
  private long decoded() {
    return outPos + (hp - rp);
  }

  /** Decodes at least one more byte, or reaches a block's end; never past the declared size. */
  private void decodeSome(int want) throws IOException, DataFormatException {
    makeRoom();
    long left = size - decoded();
    if (left <= 0) {
      throw new IOException("entry inflates past its declared size of " + size + " bytes");
    }
    int limit = (int) Math.min(hist.length, hp + Math.min(left, (long) Math.max(want, 1 << 16)));
    switch (state) {
      case HEADER -> header();
      case STORED -> {
        int n = Math.min(storedLeft, limit - hp);
        for (int i = 0; i < n; i++) {
          hist[hp++] = (byte) take(8);
        }
        storedLeft -= n;
        if (storedLeft == 0) {
          state = last ? DONE : HEADER;
        }
      }
      case CODES -> codes(limit);
      default -> { }
    }
  }

  /** When the buffer is full, slides its last 32 KiB (the history matches need) to the front. */
  private void makeRoom() {
    if (hp == hist.length) {
      System.arraycopy(hist, hp - WSIZE, hist, 0, WSIZE);
      rp -= hp - WSIZE;
      hp = WSIZE;
    }
  }

  /** Decodes symbols into {@link #hist} up to {@code limit}, or to the block's end. */
  private void codes(int limit) throws IOException, DataFormatException {
    byte[] h = hist;
    int p = hp;
    try {
      if (matchLeft > 0) {
        int n = Math.min(matchLeft, limit - p);
        copy(h, p, matchDist, n);
        p += n;
        matchLeft -= n;
      }
      int[] litFast = lit.fast;
      int[] distFast = dist.fast;
      while (p < limit) {
        if (nbits < 48) { // a literal/length code, its extra bits, a distance code and its extra bits
          refill();
        }
        int e = litFast[(int) bits & FAST_MASK];
        if (e == 0) {
          e = lit.decode(bits);
        }
        int l = e & 15;
        bits >>>= l;
        nbits -= l;
        int sym = e >>> 4;
        if (sym < 256) {
          h[p++] = (byte) sym;
          continue;
        }
        if (sym == 256) {
          state = last ? DONE : HEADER;
          return;
        }
        sym -= 257;
        if (sym >= 29) {
          throw new DataFormatException("invalid literal/length code " + (sym + 257));
        }
        // At least 48 bits were there: no refill until the distance's extra bits are taken.
        int extra = LEN_EXTRA[sym];
        int len = LEN_BASE[sym] + (int) (bits & ((1L << extra) - 1));
        bits >>>= extra;
        nbits -= extra;
        e = distFast[(int) bits & FAST_MASK];
        if (e == 0) {
          e = dist.decode(bits);
        }
        l = e & 15;
        bits >>>= l;
        nbits -= l;
        int ds = e >>> 4;
        if (ds >= 30) {
          throw new DataFormatException("invalid distance code " + ds);
        }
        extra = DIST_EXTRA[ds];
        int d = DIST_BASE[ds] + (int) (bits & ((1L << extra) - 1));
        bits >>>= extra;
        nbits -= extra;
        if (d > outPos + (p - rp) - windowStart) {
          throw new DataFormatException("invalid distance too far back");
        }
        int n = Math.min(len, limit - p);
        copy(h, p, d, n);
        p += n;
        if (n < len) {
          matchLeft = len - n;
          matchDist = d;
        }
      }
    } finally {
      hp = p;
    }
  }

  /** Copies {@code n} bytes from {@code d} back, byte by byte where they overlap. */
  private static void copy(byte[] h, int p, int d, int n) {
    if (d >= n) {
      System.arraycopy(h, p - d, h, p, n);
    } else {
      for (int i = 0; i < n; i++) {
        h[p + i] = h[p - d + i];
      }
    }
  }

  private void header() throws IOException, DataFormatException {
    long at = decoded();
    if (at >= nextCheckpoint) {
      long bit = consumedBits();
      int n = (int) Math.min(WSIZE, at - windowStart);
      checkpoints.record(file, Checkpoint.of(at, bit >>> 3, (int) (bit & 7), hist, hp - n, hp));
      nextCheckpoint = next(at);
    }
    last = take(1) == 1;
    int type = take(2);
    switch (type) {
      case 0 -> {
        take(nbits & 7); // to the byte boundary
        int len = take(16);
        int nlen = take(16);
        if (len != (~nlen & 0xFFFF)) {
          throw new DataFormatException("invalid stored block lengths");
        }
        storedLeft = len;
        state = len > 0 ? STORED : last ? DONE : HEADER;
      }
      case 1 -> {
        lit = FIXED_LIT;
        dist = FIXED_DIST;
        state = CODES;
      }
      case 2 -> {
        dynamic();
        state = CODES;
      }
      default -> throw new DataFormatException("invalid block type");
    }
  }

  private void dynamic() throws IOException, DataFormatException {
    int hlit = take(5) + 257;
    int hdist = take(5) + 1;
    int hclen = take(4) + 4;
    if (hlit > 286 || hdist > 30) {
      throw new DataFormatException("too many length or distance symbols");
    }
    byte[] cl = new byte[19];
    for (int i = 0; i < hclen; i++) {
      cl[CODE_LENGTH_ORDER[i]] = (byte) take(3);
    }
    Huffman clh = new Huffman(cl, 19);
    byte[] lens = new byte[hlit + hdist];
    int i = 0;
    while (i < lens.length) {
      if (nbits < 16) {
        refill();
      }
      int e = clh.decode(bits);
      bits >>>= e & 15;
      nbits -= e & 15;
      int sym = e >>> 4;
      if (sym < 16) {
        lens[i++] = (byte) sym;
        continue;
      }
      byte v = 0;
      int rep;
      if (sym == 16) {
        if (i == 0) {
          throw new DataFormatException("repeated length with no first length");
        }
        v = lens[i - 1];
        rep = 3 + take(2);
      } else if (sym == 17) {
        rep = 3 + take(3);
      } else {
        rep = 11 + take(7);
      }
      if (i + rep > lens.length) {
        throw new DataFormatException("too many lengths");
      }
      java.util.Arrays.fill(lens, i, i + rep, v);
      i += rep;
    }
    if (lens[256] == 0) {
      throw new DataFormatException("no end-of-block code");
    }
    lit = new Huffman(lens, hlit);
    dist = new Huffman(java.util.Arrays.copyOfRange(lens, hlit, lens.length), hdist);
  }

  /** At the declared size: the stream must end here, within its compressed size, with its CRC. */
  private void checkEnd() throws IOException, DataFormatException {
    while (state != DONE) {
      if (matchLeft > 0 || state == STORED && storedLeft > 0) {
        throw new IOException("entry inflates past its declared size of " + size + " bytes");
      }
      int before = hp;
      if (state == HEADER) {
        header();
      } else {
        makeRoom();
        before = hp;
        codes(hp + 1);
      }
      if (hp != before) {
        throw new IOException("entry inflates past its declared size of " + size + " bytes");
      }
    }
    if (consumedBits() > compressedSize * 8) {
      throw new EOFException("compressed data of " + compressedSize + " bytes ends before "
          + "the entry's " + size + " bytes were inflated");
    }
    if (crc != null && crc.getValue() != file.entry.crc()) {
      throw new IOException(String.format("CRC mismatch: the entry says %08x, its data gives %08x",
          file.entry.crc(), crc.getValue()));
    }
  }

  /** Compressed bits used so far, from the entry's data start. */
  private long consumedBits() {
    return (inBase + ip + padBytes) * 8 - nbits;
  }

  private int take(int n) throws IOException {
    if (n == 0) {
      return 0;
    }
    if (nbits < n) {
      refill();
    }
    int v = (int) (bits & ((1L << n) - 1));
    bits >>>= n;
    nbits -= n;
    return v;
  }

  /** Fills the bit buffer past 56 bits; zeros past the data's end, but not many. */
  private void refill() throws IOException {
    if (il - ip >= 8) {
      // Eight bytes at once; the bits loaded beyond the whole bytes counted are the very bits
      // the next refill puts there, so OR-ing them in early is harmless.
      bits |= (long) LONG.get(in, ip) << nbits;
      int n = (63 - nbits) >>> 3;
      ip += n;
      nbits += n << 3;
      return;
    }
    while (nbits <= 56) {
      if (ip == il && !load()) {
        if (++padBytes > 16) {
          throw new EOFException("compressed data of " + compressedSize + " bytes ends before "
              + "the entry's " + size + " bytes were inflated");
        }
        nbits += 8;
        continue;
      }
      bits |= (long) (in[ip++] & 0xFF) << nbits;
      nbits += 8;
    }
  }

  private boolean load() throws IOException {
    inBase += il;
    ip = 0;
    il = 0;
    int n = (int) Math.min(in.length, compressedSize - inBase);
    if (n <= 0) {
      return false;
    }
    ArchiveReads.readFully(channel, ByteBuffer.wrap(in, 0, n), dataStart + inBase);
    il = n;
    return true;
  }

  @Override
  void end() {
    // nothing native to free
  }
}
