package dev.holofs.fuse;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Takes a mount off its mountpoint if the serving JVM dies without doing it (SIGKILL, a crash):
 * a tiny {@code /bin/sh} started at mount time, reading the read end of a pipe whose write end
 * only this JVM holds. When the JVM is gone the kernel closes that end, the shell reads EOF and
 * runs the lazy unmount command (as the user who mounted: {@code fusermount3 -u -z} may unmount
 * its own mounts). A clean close writes {@code done} first, and the shell exits without touching
 * the mountpoint (something else may be mounted there by then).
 *
 * <p>Needed because fusermount3's own {@code auto_unmount} fails, in the fuse3 that Debian 12
 * ships, for an ordinary user's mount without {@code allow_other}; mount(2) has none; and even for
 * root it unmounts only if its check of the mountpoint already finds the connection ended (ENOTCONN)
 * when it wakes, which a dying JVM, closing its fds one by one, does not always give it. The
 * watcher is no second JVM: a shell blocked in {@code read}, in a process group of its own so that
 * a Ctrl-C at the terminal does not reach it.
 */
final class UnmountWatcher {

  private static final String SHELL = "/bin/sh";
  private static final String SCRIPT = "read -r line; [ \"$line\" = done ] || exec \"$@\"";

  private final int pid;
  private final int pipe;

  private UnmountWatcher(int pid, int pipe) {
    this.pid = pid;
    this.pipe = pipe;
  }

  /**
   * Starts a watcher that runs {@code unmountCommand} (an absolute program path, then its
   * arguments) if this JVM dies first.
   */
  static UnmountWatcher start(String... unmountCommand) throws IOException {
    if (!Files.isExecutable(Path.of(SHELL))) {
      throw new IOException(SHELL + " is missing: cannot watch for the serving process's end");
    }
    int[] fds = {-1, -1};
    LibC.pipe2(fds, LibC.O_CLOEXEC); // the write end must reach no other child
    String[] argv = new String[4 + unmountCommand.length];
    argv[0] = SHELL;
    argv[1] = "-c";
    argv[2] = SCRIPT;
    argv[3] = "holofs-unmount-watcher"; // $0
    System.arraycopy(unmountCommand, 0, argv, 4, unmountCommand.length);
    Memory actions = new Memory(256); // posix_spawn_file_actions_t is 80 bytes on glibc
    Memory attributes = new Memory(512); // posix_spawnattr_t is 336
    Memory noSignals = new Memory(128); // an empty sigset_t: the JVM's blocked signals stay here
    noSignals.clear();
    LibC.posix_spawn_file_actions_init(actions);
    LibC.posix_spawnattr_init(attributes);
    try {
      LibC.posix_spawn_file_actions_adddup2(actions, fds[0], 0);
      LibC.posix_spawn_file_actions_addopen(actions, 1, "/dev/null", LibC.O_WRONLY, 0);
      LibC.posix_spawn_file_actions_addopen(actions, 2, "/dev/null", LibC.O_WRONLY, 0);
      LibC.posix_spawnattr_setflags(attributes,
          (short) (LibC.POSIX_SPAWN_SETPGROUP | LibC.POSIX_SPAWN_SETSIGMASK));
      LibC.posix_spawnattr_setpgroup(attributes, 0);
      LibC.posix_spawnattr_setsigmask(attributes, noSignals);
      int[] pid = new int[1];
      int rc = LibC.posix_spawnp(pid, SHELL, actions, attributes, new StringArray(argv),
          new StringArray(new String[] {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C"}));
      if (rc != 0) {
        throw new IOException("cannot run " + SHELL + ": " + LibC.message(rc));
      }
      LibC.closeQuietly(fds[0]);
      return new UnmountWatcher(pid[0], fds[1]);
    } catch (IOException | RuntimeException e) {
      LibC.closeQuietly(fds[0]);
      LibC.closeQuietly(fds[1]);
      throw e;
    } finally {
      LibC.posix_spawnattr_destroy(attributes);
      LibC.posix_spawn_file_actions_destroy(actions);
    }
  }

  /** The mount was taken off (or never served): the watcher exits without unmounting. */
  void stop() {
    Memory done = new Memory(5);
    done.write(0, "done\n".getBytes(StandardCharsets.US_ASCII), 0, 5);
    LibC.write(pipe, Pointer.nativeValue(done), 5); // at worst it failed: the shell sees EOF
    LibC.closeQuietly(pipe);
    Mounter.waitFor(pid, 2000);
  }
}
