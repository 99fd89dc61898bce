package dev.holofs.fuse;

import static dev.holofs.fuse.FuseTests.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mounts served by another JVM: one killed with SIGKILL, one running as an ordinary user. */
class FuseProcessTest {

  private static final String HELLO = "hello from a child\n";

  @TempDir
  Path temp;

  @Test
  void aJvmKilledWithSigkillLeavesNoMountBehind() throws Exception {
    FuseTests.requireFuse();
    Path mnt = Files.createDirectory(temp.resolve("mnt"));
    List<String> command = new ArrayList<>(List.of(FuseTests.java(), "-cp",
        String.join(java.io.File.pathSeparator, FuseTests.classPath()), MountMain.class.getName(),
        mnt.toString()));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      awaitLine(child, "MOUNTED");
      assertThat(FuseTests.mountLine(mnt)).isNotNull();
      assertThat(output("cat", mnt.resolve("hello.txt").toString())).isEqualTo(HELLO);
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      try {
        await().atMost(Duration.ofSeconds(20)).until(() -> FuseTests.mountLine(mnt) == null);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        // fusermount3's auto_unmount waits for the connection to end: say what still holds it.
        throw new AssertionError("still mounted 20 s after SIGKILL; /dev/fuse held by "
            + fuseHolders() + "; fusermount3 processes: " + processes("fusermount3"), e);
      }
      assertThat(mnt.toFile().list()).isEmpty(); // the plain directory is back
    } finally {
      child.destroyForcibly();
      FuseTests.forceUnmount(mnt);
    }
  }

  /** The processes with /dev/fuse open, as "pid command". */
  private static List<String> fuseHolders() throws IOException {
    List<String> holders = new ArrayList<>();
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path proc : (Iterable<Path>) procs::iterator) {
        try (var fds = Files.list(proc.resolve("fd"))) {
          if (fds.anyMatch(fd -> {
            try {
              return Files.readSymbolicLink(fd).toString().equals("/dev/fuse");
            } catch (IOException gone) {
              return false;
            }
          })) {
            holders.add(proc.getFileName() + " " + commandLine(proc));
          }
        } catch (IOException | SecurityException notAProcessOrGone) {
          // next
        }
      }
    }
    return holders;
  }

  private static List<String> processes(String name) throws IOException {
    List<String> found = new ArrayList<>();
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path proc : (Iterable<Path>) procs::iterator) {
        String cmd = commandLine(proc);
        if (cmd.contains(name)) {
          found.add(proc.getFileName() + " " + cmd);
        }
      }
    }
    return found;
  }

  private static String commandLine(Path proc) {
    try {
      return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ').strip();
    } catch (IOException | SecurityException e) {
      return "";
    }
  }

  @Test
  void anOrdinaryUserMountsThroughFusermount3() throws Exception {
    FuseTests.requireRoot(); // switching to user nobody
    asNobodyWithFuseOpen((classPath, jnaTmp, mnt) -> {
      // This machine's /dev/fuse is 0600, and fusermount3 opens it as the calling user.
      Path dev = Path.of("/dev/fuse");
      Files.setPosixFilePermissions(dev, PosixFilePermissions.fromString("rw-------"));
      assertThat(failureAsNobody(classPath, jnaTmp, mnt))
          .isEqualTo("FAILED fusermount3: failed to open /dev/fuse: Permission denied");
      // Most distributions ship it 0666: open it up for the rest of the test.
      Files.setPosixFilePermissions(dev, PosixFilePermissions.fromString("rw-rw-rw-"));
      Path notHis = Files.createDirectory(temp.resolve("root-owned"));
      assertThat(failureAsNobody(classPath, jnaTmp, notHis))
          .contains("no write access to mountpoint " + notHis);
      mountAsNobodyAndCheck(classPath, jnaTmp, mnt);
    });
  }

  @Test
  void anOrdinaryUsersMountGoesAwayWhenItsJvmIsKilled() throws Exception {
    FuseTests.requireRoot(); // switching to user nobody
    asNobodyWithFuseOpen((classPath, jnaTmp, mnt) -> {
      Process child = startAsNobody(classPath, jnaTmp, mnt, List.of());
      try {
        awaitLine(child, "MOUNTED");
        assertThat(asNobody("cat", mnt.resolve("hello.txt").toString())).isEqualTo(HELLO);
        killJava(child);
        awaitNoMount(mnt);
        assertThat(asNobody("ls", "-A", mnt.toString())).isEmpty(); // the plain directory is back
      } finally {
        child.destroyForcibly();
      }
    });
  }

  @Test
  void anOrdinaryUserMountsWithFusermount3MissingFromPath() throws Exception {
    FuseTests.requireRoot();
    asNobodyWithFuseOpen((classPath, jnaTmp, mnt) ->
        mountAsNobodyAndCheck(classPath, jnaTmp, mnt, List.of("/usr/bin/env", "PATH=/nonexistent")));
  }

  @Test
  void rootMountsWithMount2WhenFusermount3CannotRunAndAKillLeavesNoMount() throws Exception {
    FuseTests.requireRoot();
    Path bin = Files.createDirectory(temp.resolve("bin"));
    Path broken = Files.writeString(bin.resolve("fusermount3"), "#!/nonexistent/interpreter\n");
    Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path mnt = Files.createDirectory(temp.resolve("mnt"));
    Process child = new ProcessBuilder("/usr/bin/env", "PATH=" + bin, FuseTests.java(), "-cp",
        String.join(java.io.File.pathSeparator, FuseTests.classPath()), MountMain.class.getName(),
        mnt.toString()).redirectErrorStream(true).start();
    try {
      awaitLine(child, "MOUNTED");
      assertThat(output("cat", mnt.resolve("hello.txt").toString())).isEqualTo(HELLO);
      killJava(child);
      awaitNoMount(mnt);
    } finally {
      child.destroyForcibly();
      FuseTests.forceUnmount(mnt);
    }
  }

  /** What a test does as nobody, given its class path copy, JNA directory and mountpoint. */
  private interface AsNobody {
    void run(List<String> classPath, Path jnaTmp, Path mnt) throws Exception;
  }

  /**
   * Runs {@code test} with a mountpoint nobody owns and /dev/fuse open to all, as most systems
   * ship it; /dev/fuse's permissions are restored afterwards.
   */
  private void asNobodyWithFuseOpen(AsNobody test) throws Exception {
    assertThat(FuseTests.run("id", "nobody").exit()).as("user nobody exists").isZero();
    // The child runs as nobody: it needs a world-readable copy of the class path.
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> classPath = copyClassPath(Files.createDirectory(temp.resolve("cp")));
    Path jnaTmp = Files.createDirectory(temp.resolve("jna"));
    Path mnt = Files.createDirectory(temp.resolve("mnt"));
    output("chown", "nobody", mnt.toString(), jnaTmp.toString());
    Path dev = Path.of("/dev/fuse");
    // /dev/fuse's mode is machine-wide: another build's test changing it meanwhile would restore
    // it under this one (or save 0666 as the original), so test runs take turns.
    try (FileChannel lock = FileChannel.open(DEV_FUSE_LOCK, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock held = lock.lock()) {
      Set<PosixFilePermission> devPermissions = Files.getPosixFilePermissions(dev);
      try {
        Files.setPosixFilePermissions(dev, PosixFilePermissions.fromString("rw-rw-rw-"));
        test.run(classPath, jnaTmp, mnt);
      } finally {
        Files.setPosixFilePermissions(dev, devPermissions);
        FuseTests.forceUnmount(mnt);
      }
    }
  }

  /** Held by whichever test process is changing /dev/fuse's mode. */
  private static final Path DEV_FUSE_LOCK = Path.of(System.getProperty("java.io.tmpdir"),
      "holofs-dev-fuse.lock");

  /** SIGKILL to the JVM itself (a child of runuser or env, or the process itself). */
  private static void killJava(Process child) throws Exception {
    List<ProcessHandle> javas = new ArrayList<>(child.toHandle().descendants()
        .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false)).toList());
    if (javas.isEmpty()) {
      javas.add(child.toHandle());
    }
    for (ProcessHandle java : javas) {
      java.destroyForcibly();
      java.onExit().get(30, TimeUnit.SECONDS);
    }
  }

  private static void awaitNoMount(Path mnt) throws Exception {
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> FuseTests.mountLine(mnt) == null);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("still mounted 20 s after SIGKILL: " + FuseTests.mountLine(mnt)
          + "; /dev/fuse held by " + fuseHolders(), e);
    }
  }

  /** The one FAILED line of a child that cannot mount. */
  private static String failureAsNobody(List<String> classPath, Path jnaTmp, Path mountpoint)
      throws Exception {
    Process refused = startAsNobody(classPath, jnaTmp, mountpoint, List.of());
    // MountMain serves until its stdin ends: closed now, a child that mounts after all (another
    // test opened /dev/fuse meanwhile, say) exits and fails the checks below instead of hanging.
    refused.getOutputStream().close();
    String output = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(refused.exitValue()).isEqualTo(2);
    assertThat(FuseTests.mountLine(mountpoint)).isNull();
    return output.lines().filter(l -> l.startsWith("FAILED ")).findFirst().orElse(output);
  }

  /** Starts MountMain as nobody, its command line after {@code prefix} (an env, say). */
  private static Process startAsNobody(List<String> classPath, Path jnaTmp, Path mountpoint,
      List<String> prefix) throws IOException {
    List<String> command = new ArrayList<>(List.of("runuser", "-u", "nobody", "--"));
    command.addAll(prefix);
    command.addAll(List.of(FuseTests.java(),
        "-Djna.tmpdir=" + jnaTmp, "-cp", String.join(java.io.File.pathSeparator, classPath),
        MountMain.class.getName(), mountpoint.toString(), "FUSERMOUNT"));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static void mountAsNobodyAndCheck(List<String> classPath, Path jnaTmp, Path mnt) throws Exception {
    mountAsNobodyAndCheck(classPath, jnaTmp, mnt, List.of());
  }

  private static void mountAsNobodyAndCheck(List<String> classPath, Path jnaTmp, Path mnt,
      List<String> prefix) throws Exception {
    Process child = startAsNobody(classPath, jnaTmp, mnt, prefix);
    try {
      BufferedReader lines = awaitLine(child, "MOUNTED");
      assertThat(FuseTests.mountLine(mnt)).contains("fuse.holofs").contains("user_id=65534");
      assertThat(asNobody("cat", mnt.resolve("hello.txt").toString())).isEqualTo(HELLO);
      assertThat(asNobody("ls", mnt.toString()).lines()).containsExactly("hello.txt", "sub");
      assertThat(asNobody("stat", "-c", "%U %s", mnt.resolve("sub/inner.txt").toString()).strip())
          .isEqualTo("nobody 6");
      OutputStream in = child.getOutputStream();
      in.write("close\n".getBytes(StandardCharsets.UTF_8));
      in.flush();
      assertThat(readUntil(lines, "CLOSED")).isTrue();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).isZero();
      assertThat(FuseTests.mountLine(mnt)).isNull();
    } finally {
      child.destroyForcibly();
    }
  }

  private static String asNobody(String... command) throws Exception {
    List<String> full = new ArrayList<>(List.of("runuser", "-u", "nobody", "--"));
    full.addAll(List.of(command));
    return output(full.toArray(new String[0]));
  }

  private static List<String> copyClassPath(Path dir) throws Exception {
    List<String> copies = new ArrayList<>();
    int i = 0;
    for (String entry : FuseTests.classPath()) {
      Path source = Path.of(entry);
      if (!Files.exists(source)) {
        continue;
      }
      Path target = dir.resolve(i++ + (Files.isDirectory(source) ? "" : ".jar"));
      output("cp", "-r", source.toString(), target.toString());
      copies.add(target.toString());
    }
    output("chmod", "-R", "a+rX", dir.toString());
    return copies;
  }

  /** Reads the child's output until a line starts with {@code prefix}; fails on FAILED or EOF. */
  private static BufferedReader awaitLine(Process child, String prefix) throws Exception {
    BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    boolean found = CompletableFuture.supplyAsync(() -> readUntil(lines, prefix)).get(60, TimeUnit.SECONDS);
    assertThat(found).as("child printed " + prefix).isTrue();
    return lines;
  }

  private static boolean readUntil(BufferedReader lines, String prefix) {
    try {
      String line;
      StringBuilder seen = new StringBuilder();
      while ((line = lines.readLine()) != null) {
        if (line.startsWith(prefix)) {
          return true;
        }
        seen.append(line).append('\n');
        if (line.startsWith("FAILED")) {
          throw new AssertionError("child failed:\n" + seen);
        }
      }
      throw new AssertionError("child ended before " + prefix + ":\n" + seen);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
