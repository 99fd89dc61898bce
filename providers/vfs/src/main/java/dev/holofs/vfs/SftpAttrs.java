package dev.holofs.vfs;

import dev.holofs.spi.PlaceholderInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * The attributes SFTP version 3 gives an item (ATTRS: size, permissions with the file type,
 * modification time in seconds), as a placeholder with the same version {@link Attributes} gives a
 * file Commons VFS described: size and modification time.
 */
record SftpAttrs(long size, int permissions, long mtime) {

  private static final int SIZE = 0x1;
  private static final int UIDGID = 0x2;
  private static final int PERMISSIONS = 0x4;
  private static final int ACMODTIME = 0x8;
  private static final int EXTENDED = 0x80000000;
  private static final int S_IFMT = 0170000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFLNK = 0120000;

  /** Reads ATTRS at the buffer's position. */
  static SftpAttrs read(ByteBuffer b) throws IOException {
    int flags = b.getInt();
    long size = (flags & SIZE) != 0 ? b.getLong() : 0;
    if ((flags & UIDGID) != 0) {
      b.getInt();
      b.getInt();
    }
    int permissions = (flags & PERMISSIONS) != 0 ? b.getInt() : S_IFREG;
    long mtime = 0;
    if ((flags & ACMODTIME) != 0) {
      b.getInt();
      mtime = Integer.toUnsignedLong(b.getInt());
    }
    if ((flags & EXTENDED) != 0) {
      for (int n = b.getInt(); n > 0; n--) {
        SftpChannel.string(b);
        SftpChannel.string(b);
      }
    }
    return new SftpAttrs(size, permissions, mtime);
  }

  boolean isDirectory() {
    return (permissions & S_IFMT) == S_IFDIR;
  }

  boolean isLink() {
    return (permissions & S_IFMT) == S_IFLNK;
  }

  /** The placeholder of this item: a directory, or a file (anything else read as its bytes). */
  PlaceholderInfo toPlaceholder() {
    Instant modified = Instant.ofEpochSecond(mtime);
    if (isDirectory()) {
      return PlaceholderInfo.directory().times(modified).build();
    }
    return PlaceholderInfo.file(size).times(modified).version(Attributes.version(size, modified)).build();
  }
}
