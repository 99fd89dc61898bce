package dev.holofs.zip;

/**
 * What reading an entry needs of its central directory record: sizes and offsets with ZIP64
 * values applied; {@code index} is the record's position in the central directory, {@code
 * centralOffset} where it starts from the central directory's start. The archive's
 * records are kept in {@link CdRecords}, which makes one of these for an entry being read. The
 * static methods decode the attributes that decide what a record is.
 */
record CdEntry(
    int index,
    int flags,
    int method,
    long crc,
    long compressedSize,
    long size,
    long localHeaderOffset,
    int centralOffset) {

  /** Whether general purpose bit 0 (encrypted) is set. */
  boolean isEncrypted() {
    return (flags & 1) != 0;
  }

  /** The Unix st_mode in {@code externalAttributes}, or 0 if "version made by" is not Unix. */
  static int unixMode(int versionMadeBy, long externalAttributes) {
    return versionMadeBy >>> 8 == 3 ? (int) ((externalAttributes >>> 16) & 0xFFFF) : 0;
  }

  /**
   * Whether a record with this name and these attributes is a directory: a trailing slash, the
   * Unix S_IFDIR or the DOS attribute.
   */
  static boolean isDirectory(boolean trailingSlash, int versionMadeBy, long externalAttributes,
      long size) {
    if (trailingSlash) {
      return true;
    }
    int mode = unixMode(versionMadeBy, externalAttributes);
    if (mode != 0) {
      return (mode & 0170000) == 0040000;
    }
    return versionMadeBy >>> 8 == 0 && (externalAttributes & 0x10) != 0 && size == 0;
  }

  /** Whether {@code unixMode} is a symbolic link's (S_IFLNK). */
  static boolean isSymlink(int unixMode) {
    return (unixMode & 0170000) == 0120000;
  }
}
