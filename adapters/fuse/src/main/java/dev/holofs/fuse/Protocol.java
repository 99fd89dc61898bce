package dev.holofs.fuse;

/** Numbers of the FUSE kernel protocol (include/uapi/linux/fuse.h) that holofs speaks. */
final class Protocol {

  private Protocol() {}

  static final int KERNEL_VERSION = 7;
  /** The minor version these structures are laid out for. */
  static final int KERNEL_MINOR_VERSION = 38;
  /** The oldest minor version holofs accepts. */
  static final int MIN_MINOR_VERSION = 31;
  static final long ROOT_ID = 1;

  // opcodes
  static final int LOOKUP = 1;
  static final int FORGET = 2;
  static final int GETATTR = 3;
  static final int SETATTR = 4;
  static final int READLINK = 5;
  static final int SYMLINK = 6;
  static final int MKNOD = 8;
  static final int MKDIR = 9;
  static final int UNLINK = 10;
  static final int RMDIR = 11;
  static final int RENAME = 12;
  static final int LINK = 13;
  static final int OPEN = 14;
  static final int READ = 15;
  static final int WRITE = 16;
  static final int STATFS = 17;
  static final int RELEASE = 18;
  static final int FSYNC = 20;
  static final int SETXATTR = 21;
  static final int GETXATTR = 22;
  static final int LISTXATTR = 23;
  static final int REMOVEXATTR = 24;
  static final int FLUSH = 25;
  static final int INIT = 26;
  static final int OPENDIR = 27;
  static final int READDIR = 28;
  static final int RELEASEDIR = 29;
  static final int ACCESS = 34;
  static final int CREATE = 35;
  static final int INTERRUPT = 36;
  static final int DESTROY = 38;
  static final int NOTIFY_REPLY = 41;
  static final int BATCH_FORGET = 42;
  static final int FALLOCATE = 43;
  static final int READDIRPLUS = 44;
  static final int RENAME2 = 45;
  static final int COPY_FILE_RANGE = 47;
  static final int TMPFILE = 51;

  // INIT flags
  static final int ASYNC_READ = 1;
  static final int DO_READDIRPLUS = 1 << 13;
  static final int READDIRPLUS_AUTO = 1 << 14;
  static final int PARALLEL_DIROPS = 1 << 18;
  static final int ABORT_ERROR = 1 << 21;
  static final int MAX_PAGES = 1 << 22;
  static final int CACHE_SYMLINKS = 1 << 23;
  static final int EXPLICIT_INVAL_DATA = 1 << 25;

  // open reply flags
  static final int FOPEN_KEEP_CACHE = 1 << 1;
  static final int FOPEN_CACHE_DIR = 1 << 3;

  // notification codes (sent with unique 0, the code in the error field)
  static final int NOTIFY_INVAL_INODE = 2;
  static final int NOTIFY_INVAL_ENTRY = 3;

  static final int IN_HEADER_SIZE = 40;
  static final int OUT_HEADER_SIZE = 16;
  static final int ATTR_SIZE = 88;
  static final int ENTRY_OUT_SIZE = 40 + ATTR_SIZE;
  static final int ATTR_OUT_SIZE = 16 + ATTR_SIZE;
  static final int DIRENT_HEADER_SIZE = 24;
  static final int INIT_OUT_SIZE = 64;
  static final int STATFS_OUT_SIZE = 80;

  /** Bytes of file data one READ may ask for: {@code max_pages} (256) pages of 4 KiB. */
  static final int MAX_WRITE = 1 << 20;
  static final int MAX_PAGES_COUNT = MAX_WRITE / 4096;
  /** The kernel refuses reads into smaller buffers than {@code max(8192, max_write + headers)}. */
  static final int READ_BUFFER_SIZE = MAX_WRITE + 4096;

  /**
   * FUSE_NAME_MAX: the longest name, in bytes, the kernel takes in a listing; at a longer one it
   * fails the whole reply with EIO, and nodes counted for the entries after it are never forgotten.
   */
  static final int NAME_MAX_BYTES = 1024;

  // errno values the adapter answers with
  static final int ENOENT = 2;
  static final int EIO = 5;
  static final int EAGAIN = 11;
  static final int EISDIR = 21;
  static final int EINVAL = 22;
  static final int ENOTDIR = 20;
  static final int EROFS = 30;
  static final int ENOSYS = 38;
  static final int EPROTO = 71;
  static final int EBADF = 9;

  /** Whether the kernel waits for an answer to {@code opcode} (an INTERRUPT's is optional). */
  static boolean expectsReply(int opcode) {
    return opcode != FORGET && opcode != BATCH_FORGET && opcode != NOTIFY_REPLY && opcode != INTERRUPT;
  }

  /** Whether {@code opcode} modifies the file system, so a read-only one answers EROFS. */
  static boolean isModification(int opcode) {
    return switch (opcode) {
      case SETATTR, SYMLINK, MKNOD, MKDIR, UNLINK, RMDIR, RENAME, LINK, WRITE, SETXATTR,
          REMOVEXATTR, CREATE, FALLOCATE, RENAME2, COPY_FILE_RANGE, TMPFILE -> true;
      default -> false;
    };
  }
}
