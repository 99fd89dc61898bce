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
  private boolean[] directory;
  private int[] versionMadeBy;
  private int[] flags;
  private int[] method;
  private int[] crc;
  private int[] externalAttributes;
  private long[] compressedSize;
  private long[] size;
  private long[] localHeaderOffset;
  private long[] modified;
  private long[] accessed;
  private long[] created;

  /** Room for {@code expected} records (the end record's count; more are taken too). */
  CdRecords(int expected) {
    resize(Math.max(expected, 16));
  }

  /** Appends a record; returns its index, which is its position in the central directory. */
  int add(boolean isDirectory, int madeBy, int generalFlags, int compressionMethod, long crc32,
      long compressed, long uncompressed, long headerOffset, long external, long mtime, long atime,
      long ctime) {
    if (count == size.length) {
      resize(count + (count >> 1));
    }
    int i = count++;
    directory[i] = isDirectory;
    versionMadeBy[i] = madeBy;
    flags[i] = generalFlags;
    method[i] = compressionMethod;
    crc[i] = (int) crc32;
    externalAttributes[i] = (int) external;
    compressedSize[i] = compressed;
    size[i] = uncompressed;
    localHeaderOffset[i] = headerOffset;
    modified[i] = mtime;
    accessed[i] = atime;
    created[i] = ctime;
    return i;
  }

  int count() {
    return count;
  }

  /** Record {@code i} as an object. */
  CdEntry get(int i) {
    return new CdEntry(i, flags[i], method[i], Integer.toUnsignedLong(crc[i]), compressedSize[i],
        size[i], localHeaderOffset[i]);
  }

  boolean isDirectory(int i) {
    return directory[i];
  }

  /** The Unix st_mode of record {@code i}, or 0 if it was not made on Unix. */
  int unixMode(int i) {
    return CdEntry.unixMode(versionMadeBy[i], Integer.toUnsignedLong(externalAttributes[i]));
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
    directory = grow(directory, capacity);
    versionMadeBy = grow(versionMadeBy, capacity);
    flags = grow(flags, capacity);
    method = grow(method, capacity);
    crc = grow(crc, capacity);
    externalAttributes = grow(externalAttributes, capacity);
    compressedSize = grow(compressedSize, capacity);
    size = grow(size, capacity);
    localHeaderOffset = grow(localHeaderOffset, capacity);
    modified = grow(modified, capacity);
    accessed = grow(accessed, capacity);
    created = grow(created, capacity);
  }

  private static boolean[] grow(boolean[] a, int capacity) {
    return a == null ? new boolean[capacity] : Arrays.copyOf(a, capacity);
  }

  private static int[] grow(int[] a, int capacity) {
    return a == null ? new int[capacity] : Arrays.copyOf(a, capacity);
  }

  private static long[] grow(long[] a, int capacity) {
    return a == null ? new long[capacity] : Arrays.copyOf(a, capacity);
  }
}
