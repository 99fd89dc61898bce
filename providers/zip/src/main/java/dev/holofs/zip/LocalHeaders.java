package dev.holofs.zip;

import dev.holofs.spi.Printable;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Whether an entry's local header agrees with its central directory record on what decides the
 * bytes served: the name (records of other names pointing at one header are not that entry),
 * the method and the sizes. A header written before its sizes were known (general purpose bit 3,
 * a data descriptor after the data) may give them as 0; ZIP64 headers give 0xFFFFFFFF.
 */
final class LocalHeaders {

  private static final long ZIP64 = 0xFFFFFFFFL;

  private LocalHeaders() {}

  /**
   * What {@code header} (its 30 fixed bytes) and {@code localName} disagree with the record on,
   * or null if they agree.
   */
  static String disagreement(ByteBuffer header, CdEntry e, byte[] localName, byte[] centralName) {
    if (!Arrays.equals(localName, centralName)) {
      return "its name (\"" + Printable.of(localName, 0, localName.length) + "\" there)";
    }
    int method = Short.toUnsignedInt(header.getShort(8));
    if (method != e.method()) {
      return "its method (" + method + " there, " + e.method() + " in the central directory)";
    }
    boolean descriptor = (header.getShort(6) & 8) != 0;
    long compressed = Integer.toUnsignedLong(header.getInt(18));
    if (!agrees(compressed, e.compressedSize(), descriptor)) {
      return "its compressed size (" + compressed + " there, " + e.compressedSize()
          + " in the central directory)";
    }
    long size = Integer.toUnsignedLong(header.getInt(22));
    if (!agrees(size, e.size(), descriptor)) {
      return "its size (" + size + " there, " + e.size() + " in the central directory)";
    }
    return null;
  }

  private static boolean agrees(long local, long central, boolean descriptor) {
    return local == central || local == ZIP64 || descriptor && local == 0;
  }
}
