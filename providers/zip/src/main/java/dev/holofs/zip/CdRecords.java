package dev.holofs.zip;

import java.util.Arrays;

/**
 * An archive's central directory records, kept in columns (an array per field) rather than as an
 * object each. A tree of 100,000 entries is then a few dozen arrays, which the garbage collector
 * copies at memory speed, instead of 100,000 objects it must trace one by one; a mount's first
 * collection otherwise lands in its first listing. {@link #get} makes a {@link CdEntry} for an
 * entry being read; a listing reads the columns it needs.
 *
 * <p>Filled by one thread while the archive is opened, and only read after that.
 */
final class CdRecords {

  private int count;
  /** The Unix st_mode, or 0: all that a listing needs of "version made by" and the attributes. */
  private int[] unixMode = new int[0];
  private int[] flags = new int[0];
  private int[] method = new int[0];
  private int[] crc = new int[0];
  private long[] compressedSize = new long[0];
  private long[] size = new long[0];
  private long[] localHeaderOffset = new long[0];
  private long[] modified = new long[0];
  private long[] accessed = new long[0];
  private long[] created = new long[0];
  /** Where the record is, from the central directory's start (which is under 2 GiB long). */
  private int[] centralOffset = new int[0];

  /** Room for {@code expected} records (the end record's count; more are taken too). */
  CdRecords(int expected) {
    resize(Math.max(expected, 16));
  }

  /** Appends a record; returns its index, which is its position in the central directory. */
  int add(int madeBy, int generalFlags, int compressionMethod, long crc32,
      long compressed, long uncompressed, long headerOffset, long external, long mtime, long atime,
      long ctime, int central) {
    if (count == size.length) {
      resize(count + (count >> 1));
    }
    int i = count++;
    unixMode[i] = CdEntry.unixMode(madeBy, external);
    flags[i] = generalFlags;
    method[i] = compressionMethod;
    crc[i] = (int) crc32;
    compressedSize[i] = compressed;
    size[i] = uncompressed;
    localHeaderOffset[i] = headerOffset;
    modified[i] = mtime;
    accessed[i] = atime;
    created[i] = ctime;
    centralOffset[i] = central;
    return i;
  }

  int count() {
    return count;
  }

  /** Record {@code i} as an object. */
  CdEntry get(int i) {
    return new CdEntry(i, flags[i], method[i], Integer.toUnsignedLong(crc[i]), compressedSize[i],
        size[i], localHeaderOffset[i], centralOffset[i]);
  }

  /** The Unix st_mode of record {@code i}, or 0 if it was not made on Unix. */
  int unixMode(int i) {
    return unixMode[i];
  }

  long size(int i) {
    return size[i];
  }

  long modifiedSeconds(int i) {
    return modified[i];
  }

  long accessedSeconds(int i) {
    return accessed[i];
  }

  long createdSeconds(int i) {
    return created[i];
  }

  private void resize(int capacity) {
    unixMode = Arrays.copyOf(unixMode, capacity);
    flags = Arrays.copyOf(flags, capacity);
    method = Arrays.copyOf(method, capacity);
    crc = Arrays.copyOf(crc, capacity);
    compressedSize = Arrays.copyOf(compressedSize, capacity);
    size = Arrays.copyOf(size, capacity);
    localHeaderOffset = Arrays.copyOf(localHeaderOffset, capacity);
    modified = Arrays.copyOf(modified, capacity);
    accessed = Arrays.copyOf(accessed, capacity);
    created = Arrays.copyOf(created, capacity);
    centralOffset = Arrays.copyOf(centralOffset, capacity);
  }
}
