package dev.holofs.fuse;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import dev.holofs.spi.Printable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Puts a FUSE file system on a directory and takes it off: with {@code fusermount3} (any user,
 * and {@code auto_unmount}: if this JVM dies, the helper unmounts), or with {@code mount(2)} as
 * root when the helper is missing or cannot run. The helper is run by the absolute path it was
 * found at. Since {@code auto_unmount} falls short (see {@link UnmountWatcher}), a watcher also
 * unmounts if this JVM dies, whichever way it mounted. Errors are one-line {@link IOException}s.
 */
final class Mounter {

  /** How a mount is made. */
  enum Method { FUSERMOUNT, SYSCALL }

  /** What a mount is made of. */
  record Options(String fsName, boolean allowOther) {

    /**
     * Who may use the mount. Without allow_other the kernel lets in only processes of the
     * mounting user (FUSE refuses every other uid, root's too), so modes need no checking; with
     * it, other users come in and default_permissions has the kernel check the projected modes. Checking
     * modes costs a GETATTR of each directory on an uncached path walk, so it is asked for only
     * where it is needed.
     */
    String access() {
      return allowOther ? ",default_permissions,allow_other" : "";
    }
  }

  /**
   * A made mount: the /dev/fuse fd and, for fusermount3, the socket whose closing tells the helper
   * to unmount, the helper's pid and the read end of its stderr.
   */
  record Mounted(int fd, Method method, int commFd, int helperPid, int helperStderr,
      UnmountWatcher watcher) {}

  /** Thrown when the helper cannot be started at all (as opposed to it refusing to mount). */
  private static final class CannotRun extends IOException {
    CannotRun(String message) {
      super(message);
    }
  }

  /** Thrown when the mountpoint is in use and a non-lazy unmount is refused. */
  static final class BusyException extends IOException {
    BusyException(String message) {
      super(message);
    }
  }

  static final String HELPER = "fusermount3";

  private Mounter() {}

  static boolean isRoot() {
    return LibC.geteuid() == 0;
  }

  /** fusermount3 when it is installed (it alone gives auto_unmount), else mount(2). */
  static Method defaultMethod() {
    return helperPath() != null ? Method.FUSERMOUNT : Method.SYSCALL;
  }

  static Path helperPath() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, HELPER);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    for (String dir : new String[] {"/usr/bin", "/bin", "/usr/local/bin"}) {
      Path p = Path.of(dir, HELPER);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /** Checks that {@code mountpoint} is an existing, empty directory. */
  static void checkMountpoint(Path mountpoint) throws IOException {
    if (!Files.exists(mountpoint)) {
      try {
        Files.readAttributes(mountpoint, BasicFileAttributes.class);
      } catch (FileSystemException e) { // a name too long, say: not missing
        if (!(e instanceof NoSuchFileException) && e.getReason() != null) {
          throw new IOException("mountpoint " + Printable.of(mountpoint.toString()) + ": "
              + LibC.lowerFirst(e.getReason()));
        }
      }
      throw new IOException("mountpoint " + mountpoint + " does not exist");
    }
    if (!Files.isDirectory(mountpoint)) {
      throw new IOException("mountpoint " + mountpoint + " is not a directory");
    }
    try (Stream<Path> children = Files.list(mountpoint)) {
      if (children.findAny().isPresent()) {
        throw new IOException("mountpoint " + mountpoint + " is not empty");
      }
    } catch (java.nio.file.AccessDeniedException e) {
      throw new IOException("mountpoint " + mountpoint + " cannot be read: permission denied");
    }
  }

  static Mounted mount(Path mountpoint, Options options, Method method) throws IOException {
    if (!Files.exists(Path.of("/dev/fuse"))) {
      throw new IOException("/dev/fuse does not exist (load the fuse module: modprobe fuse)");
    }
    Path helper = helperPath();
    if (method == Method.SYSCALL && !isRoot()) {
      if (helper == null) {
        throw new IOException("permission denied: mounting as a non-root user needs " + HELPER
            + " (install fuse3)");
      }
      method = Method.FUSERMOUNT;
    }
    if (method == Method.FUSERMOUNT && helper == null) {
      if (!isRoot()) {
        throw new IOException(HELPER + " is not installed (install fuse3)");
      }
      method = Method.SYSCALL;
    }
    try {
      if (method == Method.FUSERMOUNT) {
        try {
          return mountHelper(mountpoint, options, helper);
        } catch (CannotRun e) {
          if (!isRoot()) {
            throw e;
          }
          // root can mount without the helper
        }
      }
      return mountSyscall(mountpoint, options);
    } catch (LastErrorException e) {
      throw new IOException("cannot mount on " + mountpoint + ": " + LibC.message(e.getErrorCode()));
    }
  }

  private static Mounted mountSyscall(Path mountpoint, Options options) throws IOException {
    int fd;
    try {
      fd = LibC.open("/dev/fuse", LibC.O_RDWR | LibC.O_CLOEXEC);
    } catch (LastErrorException e) {
      throw new IOException("cannot open /dev/fuse: " + LibC.message(e.getErrorCode()));
    }
    String data = "fd=" + fd + ",rootmode=40000,user_id=" + LibC.geteuid() + ",group_id="
        + LibC.getegid() + options.access();
    try {
      LibC.mount(options.fsName(), mountpoint.toString(), "fuse.holofs",
          LibC.MS_NOSUID | LibC.MS_NODEV | LibC.MS_RDONLY, data);
    } catch (LastErrorException e) {
      LibC.closeQuietly(fd);
      int errno = e.getErrorCode();
      throw new IOException(errno == LibC.EPERM
          ? "permission denied mounting on " + mountpoint + " (mount(2) needs root)"
          : "cannot mount on " + mountpoint + ": " + LibC.message(errno));
    }
    UnmountWatcher watcher;
    try {
      watcher = UnmountWatcher.start(umountPath(), mountpoint.toString());
    } catch (IOException | RuntimeException e) {
      LibC.closeQuietly(fd);
      unmountQuietly(mountpoint);
      throw e;
    }
    return new Mounted(fd, Method.SYSCALL, -1, -1, -1, watcher);
  }

  /**
   * Runs fusermount3 with one end of a socket pair in {@code _FUSE_COMMFD}; it mounts and sends
   * the /dev/fuse fd back with SCM_RIGHTS, then (auto_unmount) waits for the socket to close.
   * posix_spawnp, not ProcessBuilder: the helper must inherit the socket.
   */
  private static Mounted mountHelper(Path mountpoint, Options options, Path helper) throws IOException {
    int[] sv = new int[2];
    int[] err = {-1, -1};
    LibC.socketpair(LibC.AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0, sv);
    int pid;
    try {
      LibC.pipe2(err, LibC.O_CLOEXEC);
      LibC.fcntl(sv[0], LibC.F_SETFD, 0); // the helper's end survives exec
      String opts = "ro,nosuid,nodev,auto_unmount,subtype=holofs,fsname=" + options.fsName()
          + options.access();
      pid = spawn(helper, new String[] {HELPER, "-o", opts, "--", mountpoint.toString()},
          "_FUSE_COMMFD=" + sv[0], err[1]);
    } catch (IOException | RuntimeException e) {
      LibC.closeQuietly(sv[0]);
      LibC.closeQuietly(sv[1]);
      LibC.closeQuietly(err[0]);
      LibC.closeQuietly(err[1]);
      throw e;
    }
    LibC.closeQuietly(sv[0]);
    LibC.closeQuietly(err[1]);
    int fd = receiveFd(sv[1]);
    if (fd < 0) {
      LibC.closeQuietly(sv[1]);
      waitFor(pid, 5000);
      String message = readAll(err[0]).strip();
      LibC.closeQuietly(err[0]);
      String line = message.isEmpty() ? HELPER + " failed to mount on " + mountpoint
          : message.lines().reduce((a, b) -> b).orElse(message);
      throw new IOException(Printable.of(line));
    }
    // For root too: auto_unmount unmounts only if its open() of the mountpoint fails with
    // ENOTCONN, and when the helper wakes before the kernel has ended the connection (the dying
    // JVM's fds close one by one) that open fails otherwise, and the dead mount stays (seen about
    // one run in ten of FuseProcessTest under load). The watcher unmounts whatever it finds.
    UnmountWatcher watcher;
    try {
      watcher = UnmountWatcher.start(helper.toString(), "-u", "-z", "--", mountpoint.toString());
    } catch (IOException | RuntimeException e) {
      LibC.closeQuietly(fd);
      unmountQuietly(mountpoint);
      release(new Mounted(fd, Method.FUSERMOUNT, sv[1], pid, err[0], null));
      throw e;
    }
    return new Mounted(fd, Method.FUSERMOUNT, sv[1], pid, err[0], watcher);
  }

  /** Runs {@code program} (an absolute path: PATH may lack it) with {@code argv}. */
  private static int spawn(Path program, String[] argv, String extraEnv, int stderrFd) throws IOException {
    List<String> env = new ArrayList<>();
    for (Map.Entry<String, String> e : System.getenv().entrySet()) {
      if (!e.getKey().equals("_FUSE_COMMFD")) {
        env.add(e.getKey() + "=" + e.getValue());
      }
    }
    env.add(extraEnv);
    Memory actions = new Memory(256); // posix_spawn_file_actions_t is 80 bytes on glibc
    LibC.posix_spawn_file_actions_init(actions);
    try {
      LibC.posix_spawn_file_actions_adddup2(actions, stderrFd, 2);
      int[] pid = new int[1];
      int rc = LibC.posix_spawnp(pid, program.toString(), actions, Pointer.NULL, new StringArray(argv),
          new StringArray(env.toArray(new String[0])));
      if (rc != 0) {
        throw new CannotRun("cannot run " + program + ": " + LibC.message(rc));
      }
      return pid[0];
    } finally {
      LibC.posix_spawn_file_actions_destroy(actions);
    }
  }

  /** Receives one fd over a unix socket (SCM_RIGHTS); -1 if the peer closed without sending one. */
  private static int receiveFd(int socket) {
    Memory data = new Memory(8);
    Memory iov = new Memory(16);
    iov.setPointer(0, data);
    iov.setLong(8, 1);
    Memory control = new Memory(64);
    control.clear();
    Memory msg = new Memory(56);
    msg.clear();
    msg.setPointer(16, iov); // msg_iov
    msg.setLong(24, 1); // msg_iovlen
    msg.setPointer(32, control); // msg_control
    msg.setLong(40, control.size()); // msg_controllen
    while (true) {
      try {
        long n = LibC.recvmsg(socket, Pointer.nativeValue(msg), LibC.MSG_CMSG_CLOEXEC);
        if (n <= 0 || msg.getLong(40) < 20) {
          return -1;
        }
        // struct cmsghdr: size_t len, int level, int type, then the data
        if (control.getInt(8) != LibC.SOL_SOCKET || control.getInt(12) != LibC.SCM_RIGHTS) {
          return -1;
        }
        return control.getInt(16);
      } catch (LastErrorException e) {
        if (e.getErrorCode() != LibC.EINTR) {
          return -1;
        }
      }
    }
  }

  private static String readAll(int fd) {
    StringBuilder text = new StringBuilder();
    Memory buf = new Memory(4096);
    long n;
    while ((n = LibC.read(fd, Pointer.nativeValue(buf), buf.size())) > 0) {
      text.append(new String(buf.getByteArray(0, (int) n), StandardCharsets.UTF_8));
    }
    return text.toString();
  }

  /** umount(8), for a watcher of a mount made with mount(2). */
  private static String umountPath() {
    return Files.isExecutable(Path.of("/bin/umount")) ? "/bin/umount" : "/usr/bin/umount";
  }

  /** Reaps {@code pid} if it exits within {@code millis}. */
  static void waitFor(int pid, long millis) {
    long deadline = System.currentTimeMillis() + millis;
    try {
      while (LibC.waitpid(pid, new int[1], LibC.WNOHANG) == 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
    } catch (LastErrorException e) {
      // not our child (any more)
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Unmounts; {@code lazy} detaches even while the file system is in use.
   *
   * @throws BusyException if it is in use and not lazy
   */
  static void unmount(Path mountpoint, boolean lazy) throws IOException {
    if (isRoot()) {
      try {
        LibC.umount2(mountpoint.toString(), lazy ? LibC.MNT_DETACH : 0);
      } catch (LastErrorException e) {
        int errno = e.getErrorCode();
        if (errno == LibC.EBUSY) {
          throw busy(mountpoint);
        }
        if (errno != LibC.EINVAL && errno != LibC.ENOENT) { // EINVAL: not mounted any more
          throw new IOException("cannot unmount " + mountpoint + ": " + LibC.message(errno));
        }
      }
      return;
    }
    Path helper = helperPath();
    if (helper == null) {
      throw new IOException("cannot unmount " + mountpoint + ": " + HELPER + " is not installed (install fuse3)");
    }
    List<String> command = new ArrayList<>(List.of(helper.toString(), "-u"));
    if (lazy) {
      command.add("-z");
    }
    command.add(mountpoint.toString());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    try {
      if (p.waitFor() != 0) {
        if (output.contains("busy")) {
          throw busy(mountpoint);
        }
        if (!output.contains("not found") && !output.contains("not mounted")) {
          throw new IOException(output.isEmpty() ? HELPER + " -u failed" : output.lines().findFirst().get());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while unmounting " + mountpoint);
    }
  }

  /** Detaches what was mounted on {@code mountpoint} while failing: the first error is the one told. */
  static void unmountQuietly(Path mountpoint) {
    try {
      unmount(mountpoint, true);
    } catch (IOException | RuntimeException ignored) {
      // already failing
    }
  }

  private static BusyException busy(Path mountpoint) {
    return new BusyException("cannot unmount " + mountpoint + ": it is busy (files open or a"
        + " process working there); close them, or unmount lazily");
  }

  /** Lets the helper go (it unmounts if still mounted, then exits) and reaps it. */
  static void release(Mounted m) {
    if (m.watcher() != null) {
      m.watcher().stop();
    }
    if (m.method() != Method.FUSERMOUNT) {
      return;
    }
    LibC.closeQuietly(m.commFd());
    waitFor(m.helperPid(), 2000);
    LibC.closeQuietly(m.helperStderr());
  }
}
