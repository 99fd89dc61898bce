package dev.holofs.zip;

/**
 * One central directory record, decoded: sizes and offsets with ZIP64 values applied, times in
 * Unix seconds; {@code index} is its position in the central directory. The archive's records
 * are kept in {@link CdRecords}, which makes one of these for an entry being read. The name is
 * not kept here: the tree keeps the last part of it.
 */
record CdEntry(
    int index,
    boolean directory,
    int versionMadeBy,
    int flags,
    int method,
    long crc,
    long compressedSize,
    long size,
    long localHeaderOffset,
    long externalAttributes,
    long modifiedSeconds,
    long accessedSeconds,
    long createdSeconds) {

  /** The host system in "version made by": 3 is Unix. */
  int host() {
    return versionMadeBy >>> 8;
  }

  /** Whether general purpose bit 0 (encrypted) is set. */
  boolean isEncrypted() {
    return (flags & 1) != 0;
  }

  /** The Unix st_mode in the external attributes, or 0 if the archive is not from Unix. */
  int unixMode() {
    return unixMode(versionMadeBy, externalAttributes);
  }

  /** The Unix st_mode in {@code externalAttributes}, or 0 if "version made by" is not Unix. */
  static int unixMode(int versionMadeBy, long externalAttributes) {
    return versionMadeBy >>> 8 == 3 ? (int) ((externalAttributes >>> 16) & 0xFFFF) : 0;
  }

  /**
   * Whether a record with this name and these attributes is a directory: a trailing slash, the
   * Unix S_IFDIR or the DOS attribute.
   */
  static boolean isDirectory(String rawName, int versionMadeBy, long externalAttributes, long size) {
    if (rawName.endsWith("/")) {
      return true;
    }
    int mode = unixMode(versionMadeBy, externalAttributes);
    if (mode != 0) {
      return (mode & 0170000) == 0040000;
    }
    return versionMadeBy >>> 8 == 0 && (externalAttributes & 0x10) != 0 && size == 0;
  }

  /** Whether the entry is a Unix symbolic link (S_IFLNK). */
  boolean isSymlink() {
    return isSymlink(unixMode());
  }

  /** Whether {@code unixMode} is a symbolic link's. */
  static boolean isSymlink(int unixMode) {
    return (unixMode & 0170000) == 0120000;
  }
}
