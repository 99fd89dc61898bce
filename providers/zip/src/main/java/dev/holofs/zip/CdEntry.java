package dev.holofs.zip;

/**
 * One central directory record, decoded: the name as stored (before any checks), sizes and
 * offsets with ZIP64 values applied, and times in Unix seconds.
 */
record CdEntry(
    int index,
    String rawName,
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
    long createdSeconds,
    long recordOffset) {

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
    return host() == 3 ? (int) ((externalAttributes >>> 16) & 0xFFFF) : 0;
  }

  /** Whether the entry is a directory: a trailing slash, the Unix S_IFDIR or the DOS attribute. */
  boolean isDirectory() {
    if (rawName.endsWith("/")) {
      return true;
    }
    int mode = unixMode();
    if (mode != 0) {
      return (mode & 0170000) == 0040000;
    }
    return host() == 0 && (externalAttributes & 0x10) != 0 && size == 0;
  }

  /** Whether the entry is a Unix symbolic link (S_IFLNK). */
  boolean isSymlink() {
    return (unixMode() & 0170000) == 0120000;
  }
}
