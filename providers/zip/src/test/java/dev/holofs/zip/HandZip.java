package dev.holofs.zip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Builds zip archives byte by byte, so tests control every field: what java.util.zip will not
 * write (bad offsets, lying sizes, odd names, ZIP64 records) included.
 */
final class HandZip {

  /** One entry; fields may be changed before {@link HandZip#build()}. */
  static final class Entry {
    byte[] name;
    byte[] data; // as stored in the archive (already compressed for method 8)
    int method;
    int flags;
    int madeBy = 20; // MS-DOS, spec 2.0
    long externalAttributes;
    long size;
    long crc;
    int dosTime = 0x6000; // 12:00:00
    int dosDate = (44 << 9) | (6 << 5) | 15; // 2024-06-15
    byte[] centralExtra = new byte[0];
    /** Write sizes and offset as 0xFFFFFFFF with a ZIP64 extra field. */
    boolean zip64;
    /** Zero bytes before {@link #data}, written as a sparse hole (stored entries only). */
    long hole;
    /** Replaces the real local header offset in the central directory when not null. */
    Long localHeaderOffset;

    Entry unix(int mode) {
      madeBy = (3 << 8) | 20;
      externalAttributes = ((long) mode) << 16;
      return this;
    }
  }

  final List<Entry> entries = new ArrayList<>();
  /** Write ZIP64 end records; with {@code saturateEnd} the classic end record says 0xFFFF entries. */
  boolean zip64End;
  boolean saturateEnd;
  /** The entry count the classic end record states, when not null (damaged or wrapped counts). */
  Integer statedCount;
  byte[] prefix = new byte[0];

  Entry stored(String name, byte[] content) {
    return add(name.getBytes(StandardCharsets.UTF_8), content, 0, content, content.length);
  }

  Entry deflated(String name, byte[] content) {
    return add(name.getBytes(StandardCharsets.UTF_8), content, 8, deflate(content), content.length);
  }

  Entry add(byte[] name, byte[] content, int method, byte[] data, long size) {
    Entry e = new Entry();
    e.name = name;
    e.method = method;
    e.data = data;
    e.size = size;
    CRC32 crc = new CRC32();
    crc.update(content);
    e.crc = crc.getValue();
    entries.add(e);
    return e;
  }

  static byte[] deflate(byte[] content) {
    Deflater d = new Deflater(6, true);
    d.setInput(content);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[65536];
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return out.toByteArray();
  }

  /** An extra field: id, then the body. */
  static byte[] extra(int id, byte[] body) {
    return le(4 + body.length).putShort((short) id).putShort((short) body.length).put(body).array();
  }

  /** The Info-ZIP Unicode path field for a header name. */
  static byte[] unicodePath(byte[] headerName, String unicode) {
    CRC32 crc = new CRC32();
    crc.update(headerName);
    byte[] u = unicode.getBytes(StandardCharsets.UTF_8);
    return extra(0x7075, le(5 + u.length).put((byte) 1).putInt((int) crc.getValue()).put(u).array());
  }

  /** The extended timestamp field with a modification time. */
  static byte[] timestamp(long unixSeconds) {
    return extra(0x5455, le(5).put((byte) 1).putInt((int) unixSeconds).array());
  }

  static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Writes the archive to {@code file}; {@link Entry#hole} bytes are left as a sparse hole. */
  Path write(Path file) throws IOException {
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      long pos = 0;
      pos += put(out, pos, prefix);
      long base = prefix.length;
      long[] offsets = new long[entries.size()];
      for (int i = 0; i < entries.size(); i++) {
        Entry e = entries.get(i);
        offsets[i] = pos - base;
        long stored = e.hole + e.data.length;
        boolean big = e.zip64;
        pos += put(out, pos, le(30).putInt(0x04034b50).putShort((short) 20).putShort((short) e.flags)
            .putShort((short) e.method).putShort((short) e.dosTime).putShort((short) e.dosDate)
            .putInt((int) e.crc).putInt(big ? -1 : (int) stored).putInt(big ? -1 : (int) e.size)
            .putShort((short) e.name.length).putShort((short) 0).array());
        pos += put(out, pos, e.name);
        pos += e.hole;
        pos += put(out, pos, e.data);
      }
      long cdStart = pos - base;
      for (int i = 0; i < entries.size(); i++) {
        pos += put(out, pos, central(entries.get(i), offsets[i]));
      }
      long cdEnd = pos - base;
      long count = entries.size();
      if (zip64End) {
        long z64 = cdEnd;
        pos += put(out, pos, le(56).putInt(0x06064b50).putLong(44).putShort((short) 45)
            .putShort((short) 45).putInt(0).putInt(0).putLong(count).putLong(count)
            .putLong(cdEnd - cdStart).putLong(cdStart).array());
        pos += put(out, pos, le(20).putInt(0x07064b50).putInt(0).putLong(z64 + base).putInt(1).array());
      }
      int count16 = saturateEnd ? 0xFFFF : statedCount != null ? statedCount : (int) count;
      put(out, pos, le(22).putInt(0x06054b50).putShort((short) 0).putShort((short) 0)
          .putShort((short) count16).putShort((short) count16)
          .putInt(saturateEnd ? -1 : (int) (cdEnd - cdStart)).putInt(saturateEnd ? -1 : (int) cdStart)
          .putShort((short) 0).array());
    }
    return file;
  }

  private static int put(FileChannel out, long pos, byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      out.write(b, pos + b.position());
    }
    return bytes.length;
  }

  private static byte[] central(Entry e, long offset) {
    long lho = e.localHeaderOffset != null ? e.localHeaderOffset : offset;
    byte[] extra = e.centralExtra;
    if (e.zip64) {
      byte[] z = extra(0x0001, le(24).putLong(e.size).putLong(e.hole + e.data.length).putLong(lho).array());
      extra = ByteBuffer.allocate(z.length + extra.length).put(z).put(extra).array();
    }
    ByteBuffer b = le(46 + e.name.length + extra.length);
    b.putInt(0x02014b50).putShort((short) e.madeBy).putShort((short) 20).putShort((short) e.flags)
        .putShort((short) e.method).putShort((short) e.dosTime).putShort((short) e.dosDate)
        .putInt((int) e.crc)
        .putInt(e.zip64 ? -1 : (int) (e.hole + e.data.length)).putInt(e.zip64 ? -1 : (int) e.size)
        .putShort((short) e.name.length).putShort((short) extra.length).putShort((short) 0)
        .putShort((short) 0).putShort((short) 0).putInt((int) e.externalAttributes)
        .putInt(e.zip64 ? -1 : (int) lho).put(e.name).put(extra);
    return b.array();
  }
}
