package dev.holofs.fuse;

import dev.holofs.spi.PlaceholderInfo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * Encodes replies and decodes request fields of the FUSE protocol, little-endian, at the
 * buffer's position. Knows the mount's owner and cache timeouts, which every entry carries.
 */
final class Codec {

  private static final int S_IFDIR = 0040000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFLNK = 0120000;
  /** What readdir reports as the inode number of an entry the kernel has not looked up. */
  static final long UNKNOWN_INO = 0xffffffffL;
  /** A READDIRPLUS entry without a node: all zeros (the kernel then takes only the name). */
  private static final byte[] NO_ENTRY = new byte[Protocol.ENTRY_OUT_SIZE];
  /** The attributes of a cacheable "no such name": all zeros. */
  private static final byte[] NO_ATTR = new byte[Protocol.ATTR_SIZE];

  private final int uid;
  private final int gid;
  private final long entrySeconds;
  private final int entryNanos;
  private final long attrSeconds;
  private final int attrNanos;

  Codec(int uid, int gid, Duration entryTimeout, Duration attrTimeout) {
    this.uid = uid;
    this.gid = gid;
    this.entrySeconds = entryTimeout.getSeconds();
    this.entryNanos = entryTimeout.getNano();
    this.attrSeconds = attrTimeout.getSeconds();
    this.attrNanos = attrTimeout.getNano();
  }

  /** Writes the 16-byte reply header at the start of {@code b}. */
  static void outHeader(ByteBuffer b, int length, int negativeErrno, long unique) {
    b.putInt(0, length).putInt(4, negativeErrno).putLong(8, unique);
  }

  /** The file type bits and permissions of {@code info}. */
  static int mode(PlaceholderInfo info) {
    int type = switch (info.type()) {
      case DIRECTORY -> S_IFDIR;
      case SYMLINK -> S_IFLNK;
      case FILE -> S_IFREG;
    };
    return type | info.mode();
  }

  /** The {@code d_type} of {@code info}: DT_DIR, DT_LNK or DT_REG. */
  static int direntType(PlaceholderInfo info) {
    return mode(info) >>> 12;
  }

  /** {@code struct fuse_attr}. */
  void attr(ByteBuffer b, long ino, PlaceholderInfo info) {
    long size = info.size();
    b.putLong(ino).putLong(size).putLong((size + 511) / 512);
    Instant atime = info.lastAccessTime();
    Instant mtime = info.lastWriteTime();
    Instant ctime = info.changeTime();
    b.putLong(atime.getEpochSecond()).putLong(mtime.getEpochSecond()).putLong(ctime.getEpochSecond());
    b.putInt(atime.getNano()).putInt(mtime.getNano()).putInt(ctime.getNano());
    b.putInt(mode(info)).putInt(info.isDirectory() ? 2 : 1).putInt(uid).putInt(gid);
    b.putInt(0).putInt(4096).putInt(0); // rdev, blksize, flags
  }

  /** {@code struct fuse_entry_out}; nodeid 0 is a cacheable "no such name". */
  void entryOut(ByteBuffer b, long nodeid, PlaceholderInfo info) {
    b.putLong(nodeid).putLong(0).putLong(entrySeconds).putLong(attrSeconds);
    b.putInt(entryNanos).putInt(attrNanos);
    if (info == null) {
      b.put(NO_ATTR);
    } else {
      attr(b, nodeid, info);
    }
  }

  /** {@code struct fuse_attr_out}. */
  void attrOut(ByteBuffer b, long nodeid, PlaceholderInfo info) {
    b.putLong(attrSeconds).putInt(attrNanos).putInt(0);
    attr(b, nodeid, info);
  }

  /** Bytes a {@code fuse_dirent} with a name of {@code nameLength} bytes takes. */
  static int direntSize(int nameLength, boolean plus) {
    int unpadded = (plus ? Protocol.ENTRY_OUT_SIZE : 0) + Protocol.DIRENT_HEADER_SIZE + nameLength;
    return (unpadded + 7) & ~7;
  }

  /** {@code struct fuse_dirent}, padded to 8 bytes. */
  static void dirent(ByteBuffer b, long ino, long nextOffset, int type, byte[] name) {
    int end = b.position() + direntSize(name.length, false);
    // The padding, in one write: the last 8 bytes lie past the 24-byte header, and the name
    // then overwrites the part of them it covers.
    b.putLong(end - 8, 0L);
    b.putLong(ino).putLong(nextOffset).putInt(name.length).putInt(type).put(name);
    b.position(end);
  }

  /** {@code struct fuse_direntplus}: an entry (nodeid 0: not looked up) then the dirent. */
  void direntPlus(ByteBuffer b, long nodeid, long ino, long nextOffset, PlaceholderInfo info,
      byte[] name) {
    if (nodeid == 0) {
      b.put(NO_ENTRY);
    } else {
      entryOut(b, nodeid, info);
    }
    dirent(b, ino, nextOffset, direntType(info), name);
  }

  /** {@code struct fuse_open_out}. */
  static void openOut(ByteBuffer b, long fh, int openFlags) {
    b.putLong(fh).putInt(openFlags).putInt(0);
  }

  /** {@code struct fuse_kstatfs}: a read-only file system with no free space. */
  static void statfsOut(ByteBuffer b) {
    b.putLong(0).putLong(0).putLong(0).putLong(0).putLong(0); // blocks, bfree, bavail, files, ffree
    b.putInt(4096).putInt(255).putInt(4096).putInt(0); // bsize, namelen, frsize, padding
    b.put(new byte[24]);
  }

  /** {@code struct fuse_init_out}. */
  static void initOut(ByteBuffer b, int minor, int maxReadahead, int flags) {
    b.putInt(Protocol.KERNEL_VERSION).putInt(minor).putInt(maxReadahead).putInt(flags);
    b.putShort((short) 0).putShort((short) 0); // max_background, congestion_threshold: defaults
    b.putInt(Protocol.MAX_WRITE).putInt(1); // max_write, time_gran (ns)
    b.putShort((short) Protocol.MAX_PAGES_COUNT).putShort((short) 0).putInt(0); // max_pages, map_alignment, flags2
    b.put(new byte[28]);
  }

  /** A NOTIFY_INVAL_ENTRY message, header included. @return its length */
  static int invalEntry(ByteBuffer b, long parent, byte[] name) {
    int length = Protocol.OUT_HEADER_SIZE + 16 + name.length + 1;
    outHeader(b, length, Protocol.NOTIFY_INVAL_ENTRY, 0);
    b.position(Protocol.OUT_HEADER_SIZE);
    b.putLong(parent).putInt(name.length).putInt(0).put(name).put((byte) 0);
    return length;
  }

  /** A NOTIFY_INVAL_INODE message dropping attributes and every cached page. @return its length */
  static int invalInode(ByteBuffer b, long nodeid) {
    int length = Protocol.OUT_HEADER_SIZE + 24;
    outHeader(b, length, Protocol.NOTIFY_INVAL_INODE, 0);
    b.position(Protocol.OUT_HEADER_SIZE);
    b.putLong(nodeid).putLong(0).putLong(0);
    return length;
  }

  /**
   * Reads a NUL-terminated name at the position, strictly as UTF-8.
   *
   * @return the name, or null if its bytes are not UTF-8 (no projected name can match it)
   */
  static String name(ByteBuffer b) {
    int start = b.position();
    int end = start;
    boolean ascii = true;
    for (byte c; end < b.limit() && (c = b.get(end)) != 0; end++) {
      ascii &= c >= 0;
    }
    byte[] bytes = new byte[end - start];
    b.get(start, bytes);
    b.position(Math.min(b.limit(), end + 1));
    if (ascii) {
      return new String(bytes, StandardCharsets.ISO_8859_1); // every byte is its own character
    }
    // The decoder replaces what is not UTF-8; encoding the result back shows whether it did.
    String s = new String(bytes, StandardCharsets.UTF_8);
    return Arrays.equals(s.getBytes(StandardCharsets.UTF_8), bytes) ? s : null;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Whether {@code s} has no lone surrogate, which UTF-8 would encode as '?'. */
  static boolean isUtf8(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++; // a pair: one character outside the BMP
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
