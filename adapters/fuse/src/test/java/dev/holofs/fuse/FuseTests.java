package dev.holofs.fuse;

import dev.holofs.testkit.KernelTests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the kernel tests share: the skip rule, spawning commands, reading /proc/mounts. */
final class FuseTests {

  private FuseTests() {}

  /** Skips the calling test when FUSE is unavailable, unless HOLOFS_REQUIRE_FUSE=1 demands it. */
  static void requireFuse() {
    KernelTests.require(new FusePlatform().unavailabilityCause());
  }

  /** Like {@link #requireFuse}, for tests that also need root (CI runs as root). */
  static void requireRoot() {
    requireFuse();
    KernelTests.require(Mounter.isRoot() ? null : "the test needs root");
  }

  /** How a spawned command ended. */
  record Result(int exit, String out, String err) {}

  /** Runs {@code command}, waiting at most 60 s. */
  static Result run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).start();
    p.getOutputStream().close();
    var out = new java.util.concurrent.CompletableFuture<String>();
    var err = new java.util.concurrent.CompletableFuture<String>();
    drain(p.getInputStream(), out);
    drain(p.getErrorStream(), err);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in 60 s");
    }
    return new Result(p.exitValue(), out.join(), err.join());
  }

  private static void drain(java.io.InputStream in, java.util.concurrent.CompletableFuture<String> into) {
    Thread t = new Thread(() -> {
      try {
        into.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        into.complete("");
      }
    });
    t.setDaemon(true);
    t.start();
  }

  /** Runs {@code command} and returns its output, failing if it fails. */
  static String output(String... command) throws IOException, InterruptedException {
    Result r = run(command);
    if (r.exit() != 0) {
      throw new AssertionError(String.join(" ", command) + " exited " + r.exit() + ": " + r.err());
    }
    return r.out();
  }

  /** The /proc/mounts line of {@code mountpoint}, or null. */
  static String mountLine(Path mountpoint) throws IOException {
    String target = " " + mountpoint.toAbsolutePath() + " ";
    for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
      if (line.contains(target)) {
        return line;
      }
    }
    return null;
  }

  /** Unmounts {@code mountpoint} lazily if something is still mounted there (test cleanup). */
  static void forceUnmount(Path mountpoint) throws IOException, InterruptedException {
    if (mountLine(mountpoint) != null) {
      run("umount", "-l", mountpoint.toString());
    }
  }

  /** Closes {@code mount} if there is one, then unmounts whatever is left (test cleanup). */
  static void close(AutoCloseable mount, Path mountpoint) throws Exception {
    try {
      if (mount != null) {
        mount.close();
      }
    } finally {
      forceUnmount(mountpoint);
    }
  }

  /** The java binary of this JVM. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** This JVM's class path entries. */
  static List<String> classPath() {
    return List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator));
  }
}
