package dev.holofs.fuse;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The few libc calls the FUSE adapter needs, bound with JNA direct mapping. Buffers are passed as
 * raw addresses ({@code long}) of native memory the caller owns. Calls that can fail throw
 * {@link LastErrorException} carrying errno, except the two of the request loop.
 */
final class LibC {

  static final int O_WRONLY = 1;
  static final int O_RDWR = 2;
  static final int O_CLOEXEC = 02000000;
  static final int F_SETFD = 2;
  static final int AF_UNIX = 1;
  static final int SOCK_STREAM = 1;
  static final int SOCK_CLOEXEC = O_CLOEXEC;
  static final int MSG_CMSG_CLOEXEC = 0x40000000;
  static final int SOL_SOCKET = 1;
  static final int SCM_RIGHTS = 1;
  static final int WNOHANG = 1;
  static final long MS_RDONLY = 1;
  static final long MS_NOSUID = 2;
  static final long MS_NODEV = 4;
  static final int MNT_DETACH = 2;
  static final short POSIX_SPAWN_SETPGROUP = 0x02;
  static final short POSIX_SPAWN_SETSIGMASK = 0x08;

  static final int EPERM = 1;
  static final int ENOENT = 2;
  static final int EINTR = 4;
  static final int EAGAIN = 11;
  static final int EBUSY = 16;
  static final int ENODEV = 19;
  static final int EINVAL = 22;

  /** {@code _IOR(229, 0, uint32_t)}: gives a fresh /dev/fuse fd its own queue on a connection. */
  static final long FUSE_DEV_IOC_CLONE = 0x8004e500L;

  static {
    Native.register(LibC.class, Platform.C_LIBRARY_NAME);
  }

  private LibC() {}

  static native int open(String path, int flags) throws LastErrorException;

  static native int close(int fd) throws LastErrorException;

  // The request loop's calls report errors by returning -1 (errno in Native.getLastError()):
  // a thrown exception costs tens of microseconds.

  static native long read(int fd, long buf, long count);

  static native long write(int fd, long buf, long count);

  /** {@code iov}: the address of {@code count} iovecs (pointer, size_t). */
  static native long writev(int fd, long iov, int count);

  /** errno of this thread's last failed call (of those above). */
  static int errno() {
    return Native.getLastError();
  }

  static native int ioctl(int fd, long request, int[] arg) throws LastErrorException;

  static native int fcntl(int fd, int cmd, long arg) throws LastErrorException;

  static native int mount(String source, String target, String type, long flags, String data)
      throws LastErrorException;

  static native int umount2(String target, int flags) throws LastErrorException;

  static native int socketpair(int domain, int type, int protocol, int[] fds) throws LastErrorException;

  static native int pipe2(int[] fds, int flags) throws LastErrorException;

  static native long recvmsg(int fd, long msghdr, int flags) throws LastErrorException;

  static native int posix_spawnp(int[] pid, String file, Pointer fileActions, Pointer attributes,
      Pointer argv, Pointer envp);

  static native int posix_spawn_file_actions_init(Pointer fileActions);

  static native int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newFd);

  static native int posix_spawn_file_actions_destroy(Pointer fileActions);

  static native int posix_spawn_file_actions_addopen(Pointer fileActions, int fd, String path,
      int flags, int mode);

  static native int posix_spawnattr_init(Pointer attributes);

  static native int posix_spawnattr_setflags(Pointer attributes, short flags);

  static native int posix_spawnattr_setpgroup(Pointer attributes, int processGroup);

  static native int posix_spawnattr_setsigmask(Pointer attributes, Pointer signalSet);

  static native int posix_spawnattr_destroy(Pointer attributes);

  static native int waitpid(int pid, int[] status, int options) throws LastErrorException;

  static native int geteuid();

  static native int getegid();

  static native String strerror(int errno);

  /** Closes {@code fd}, ignoring errors: for cleanup paths. */
  static void closeQuietly(int fd) {
    if (fd < 0) {
      return;
    }
    try {
      close(fd);
    } catch (LastErrorException ignored) {
      // nothing useful to do: the fd is gone either way
    }
  }

  /**
   * libc's message for {@code errno}, in lower case to fit in a sentence; never throws (it is
   * computed before the log guard is entered): "errno N" if the native call or its string fails.
   */
  static String message(int errno) {
    try {
      String text = strerror(errno);
      return text == null || text.isEmpty() ? "errno " + errno : lowerFirst(text);
    } catch (Throwable e) {
      return "errno " + errno;
    }
  }

  /** {@code text} with its first letter in lower case, to fit in a sentence. */
  static String lowerFirst(String text) {
    return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
  }
}
