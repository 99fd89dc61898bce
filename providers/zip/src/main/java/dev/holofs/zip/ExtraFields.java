package dev.holofs.zip;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The extra fields holofs understands in a central directory record: ZIP64 sizes and offset
 * (0x0001), the Info-ZIP Unicode path (0x7075) and the extended timestamp (0x5455).
 */
final class ExtraFields {

  static final int ZIP64 = 0x0001;
  static final int UNICODE_PATH = 0x7075;
  static final int EXTENDED_TIMESTAMP = 0x5455;

  private static final long U32 = 0xFFFFFFFFL;

  long size;
  long compressedSize;
  long localHeaderOffset;
  /** Unix seconds, or {@link Long#MIN_VALUE} when absent. */
  long modified = Long.MIN_VALUE;
  long accessed = Long.MIN_VALUE;
  long created = Long.MIN_VALUE;
  /** The name from the Unicode path field when its CRC matches the header name, else null. */
  String unicodeName;

  /**
   * Parses {@code extra} for a record whose 32-bit fields are given, its header name being
   * {@code names[nameAt, nameAt + nameLen)}; 0xFFFFFFFF fields are replaced by their ZIP64 values.
   *
   * @throws IllegalArgumentException if a field is malformed or a needed ZIP64 value is missing
   */
  ExtraFields(ByteBuffer extra, byte[] names, int nameAt, int nameLen, long size32,
      long compressed32, long offset32, int disk16) {
    this.size = size32;
    this.compressedSize = compressed32;
    this.localHeaderOffset = offset32;
    ByteBuffer b = extra.slice().order(ByteOrder.LITTLE_ENDIAN);
    while (b.remaining() >= 4) {
      int id = Short.toUnsignedInt(b.getShort());
      int len = Short.toUnsignedInt(b.getShort());
      if (len > b.remaining()) {
        break; // some writers pad the extra area; a torn last field is ignored, not fatal
      }
      ByteBuffer field = b.slice().limit(len).order(ByteOrder.LITTLE_ENDIAN);
      b.position(b.position() + len);
      switch (id) {
        case ZIP64 -> {
          // The values appear in this order, each only if its 32-bit field is saturated.
          if (size32 == U32) {
            size = need(field, "uncompressed size");
          }
          if (compressed32 == U32) {
            compressedSize = need(field, "compressed size");
          }
          if (offset32 == U32) {
            localHeaderOffset = need(field, "local header offset");
          }
        }
        case UNICODE_PATH -> unicodeName = unicodePath(field, names, nameAt, nameLen);
        case EXTENDED_TIMESTAMP -> timestamps(field);
        default -> { }
      }
    }
    if (disk16 != 0 && disk16 != 0xFFFF) {
      throw new IllegalArgumentException("entry on disk " + disk16 + " of a split archive");
    }
  }

  private static long need(ByteBuffer field, String what) {
    if (field.remaining() < 8) {
      throw new IllegalArgumentException("ZIP64 extra field lacks the " + what);
    }
    long v = field.getLong();
    if (v < 0) {
      throw new IllegalArgumentException("ZIP64 " + what + " is negative");
    }
    return v;
  }

  private void timestamps(ByteBuffer field) {
    if (field.remaining() < 1) {
      return;
    }
    int flags = field.get();
    if ((flags & 1) != 0 && field.remaining() >= 4) {
      modified = field.getInt(); // signed 32-bit Unix seconds
    }
    if ((flags & 2) != 0 && field.remaining() >= 4) {
      accessed = field.getInt();
    }
    if ((flags & 4) != 0 && field.remaining() >= 4) {
      created = field.getInt();
    }
  }

  private static String unicodePath(ByteBuffer field, byte[] names, int nameAt, int nameLen) {
    if (field.remaining() < 5 || field.get() != 1) {
      return null;
    }
    long crc = Integer.toUnsignedLong(field.getInt());
    CRC32 c = new CRC32();
    c.update(names, nameAt, nameLen);
    if (c.getValue() != crc) {
      return null; // the header name was changed after the field was written: it is stale
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(field).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
