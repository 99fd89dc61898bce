package dev.holofs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.holofs.examples.demo.DemoTree;
import dev.holofs.testkit.ExpectedTree;
import dev.holofs.testkit.KernelTests;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code holofs mount} as a user runs it: a separate JVM serving a real kernel mount, looked at
 * with ls, cat, sha256sum and dd, and stopped by a signal or by {@code holofs unmount}. Skipped
 * only where FUSE is unavailable and HOLOFS_REQUIRE_FUSE is not 1.
 */
class MountEndToEndTest {

  @TempDir
  Path dir;

  private Path mnt;
  private Child holofs;
  private Process blocker;

  @BeforeEach
  void setUp() throws IOException {
    KernelTests.requireFuse();
    mnt = Files.createDirectory(dir.resolve("mnt")).toRealPath();
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (blocker != null) {
      blocker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (holofs != null) {
      holofs.kill();
    }
    if (mnt != null && isMounted(mnt)) { // only after a failure: leave nothing behind
      exec("fusermount3", "-uz", mnt.toString());
      if (isMounted(mnt)) {
        exec("umount", "-l", mnt.toString());
      }
    }
  }

  @Test
  void demoIsServedUntilSigterm() throws Exception {
    mount("demo:");
    assertThat(sh("ls -A mnt")).isEqualTo(
        "4k.bin\nREADME.txt\nbig\nhello.txt\nlink-to-hello\nmany\n");
    assertThat(sh("cat mnt/hello.txt")).isEqualTo(DemoTree.HELLO);
    assertThat(sh("sha256sum mnt/4k.bin")).startsWith(DemoTree.FOUR_K_SHA256 + " ");
    assertThat(sh("ls mnt/many | wc -l").strip()).isEqualTo("1000");
    assertThat(sh("cat mnt/many/file-0123.txt")).isEqualTo(DemoTree.manyContent(123));
    assertThat(sh("readlink mnt/link-to-hello")).isEqualTo("hello.txt\n");
    assertThat(sh("cat mnt/link-to-hello")).isEqualTo(DemoTree.HELLO);
    assertThat(sh("stat -c %s mnt/big/64m.bin")).isEqualTo("67108864\n");
    // A range in the middle, and then the whole file, against the generator.
    assertThat(sh("dd if=mnt/big/64m.bin bs=4096 skip=4097 count=3 status=none | sha256sum"))
        .startsWith(sha256OfBig(4097L * 4096, 3 * 4096) + " ");
    assertThat(sh("sha256sum mnt/big/64m.bin"))
        .startsWith(sha256OfBig(0, (int) DemoTree.BIG_SIZE) + " ");

    holofs.process.destroy(); // SIGTERM
    assertThat(holofs.waitFor()).as("exit status; stderr: %s", holofs.err()).isZero();
    assertThat(procMountsNames(mnt)).as("/proc/mounts").isFalse();
    assertThat(holofs.out()).endsWith("holofs: unmounted " + mnt + "\n");
    assertThat(holofs.err()).isEmpty();
  }

  @Test
  void sigintUnmountsToo() throws Exception {
    mount("demo:");
    assertThat(sh("cat mnt/hello.txt")).isEqualTo(DemoTree.HELLO);
    exec("kill", "-INT", Long.toString(holofs.pid()));
    assertThat(holofs.waitFor()).as("exit status; stderr: %s", holofs.err()).isZero();
    assertThat(procMountsNames(mnt)).isFalse();
  }

  @Test
  void unmountCommandEndsTheServingProcess() throws Exception {
    mount("demo:", "--cache-timeout", "0", "--concurrent-threads", "2", "--pool-threads", "4",
        "--fsname", "demo-e2e");
    assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).contains(" demo-e2e ");
    assertThat(sh("cat mnt/hello.txt")).isEqualTo(DemoTree.HELLO);

    Cli.Run run = Cli.run("unmount", mnt.toString());
    assertThat(run.status()).as("unmount; stderr: %s", run.err()).isZero();
    assertThat(holofs.waitFor()).as("exit status; stderr: %s", holofs.err()).isZero();
    assertThat(procMountsNames(mnt)).isFalse();
  }

  @Test
  void busyMountNeedsLazyUnmount() throws Exception {
    mount("demo:");
    blocker = new ProcessBuilder("sleep", "600").directory(mnt.resolve("many").toFile()).start();

    Cli.Run busy = Cli.run("unmount", mnt.toString());
    assertThat(busy.status()).isEqualTo(1);
    assertThat(busy.err().strip().lines()).hasSize(1);
    assertThat(busy.err()).startsWith("holofs: cannot unmount " + mnt + ": it is busy")
        .contains("--lazy");
    assertThat(holofs.process.isAlive()).isTrue();
    assertThat(sh("cat mnt/hello.txt")).isEqualTo(DemoTree.HELLO); // still served

    Cli.Run lazy = Cli.run("unmount", "--lazy", mnt.toString());
    assertThat(lazy.status()).as("lazy unmount; stderr: %s", lazy.err()).isZero();
    assertThat(procMountsNames(mnt)).isFalse();
    blocker.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // the last user goes away
    assertThat(holofs.waitFor()).as("exit status; stderr: %s", holofs.err()).isZero();
  }

  @Test
  void sigtermWhileBusyStillUnmounts() throws Exception {
    mount("demo:");
    blocker = new ProcessBuilder("sleep", "600").directory(mnt.resolve("many").toFile()).start();
    assertThat(sh("cat mnt/hello.txt")).isEqualTo(DemoTree.HELLO);

    holofs.process.destroy(); // the process is exiting: the mount is detached, not left dead
    assertThat(holofs.waitFor()).as("exit status; stderr: %s", holofs.err()).isZero();
    assertThat(procMountsNames(mnt)).isFalse();
    assertThat(blocker.isAlive()).isTrue();
  }

  @Test
  void zipArchiveIsServedEntryByEntry() throws Exception {
    Path zip = dir.resolve("sample.zip");
    List<String> names = List.of("a.txt", "docs/readme.md", "docs/deep/stored.bin", "data.bin");
    byte[][] contents = new byte[names.size()][];
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (int i = 0; i < names.size(); i++) {
        contents[i] = new byte[1000 + i * 70_000];
        for (int j = 0; j < contents[i].length; j++) {
          contents[i][j] = (byte) ((j * (i + 3)) ^ (j >>> 7));
        }
        ZipEntry entry = new ZipEntry(names.get(i));
        if (names.get(i).endsWith("stored.bin")) {
          CRC32 crc = new CRC32();
          crc.update(contents[i]);
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(contents[i].length);
          entry.setCrc(crc.getValue());
        }
        out.putNextEntry(entry);
        out.write(contents[i]);
        out.closeEntry();
      }
    }
    mount("zip:" + zip);
    assertThat(sh("ls -A mnt")).isEqualTo("a.txt\ndata.bin\ndocs\n");
    for (int i = 0; i < names.size(); i++) {
      assertThat(sh("sha256sum mnt/" + names.get(i))).as(names.get(i))
          .startsWith(ExpectedTree.sha256(contents[i]) + " ");
    }
    holofs.process.destroy();
    assertThat(holofs.waitFor()).as("exit status; stderr: %s", holofs.err()).isZero();
    assertThat(procMountsNames(mnt)).isFalse();
  }

  @Test
  void verboseAfterTheOperandsLogsAsBefore() throws Exception {
    Path zip = dir.resolve("v.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("a.txt"));
      out.write('a');
    }
    start("zip:" + zip, "mount", "zip:" + zip, mnt.toString(), "-v");
    assertThat(holofs.err()).contains("INFO FuseMount - mounted on " + mnt);
    holofs.process.destroy();
    assertThat(holofs.waitFor()).isZero();
  }

  /** Starts {@code holofs mount [options] SOURCE mnt} and waits until it says it is mounted. */
  private void mount(String source, String... options) throws Exception {
    String[] args = new String[options.length + 3];
    args[0] = "mount";
    System.arraycopy(options, 0, args, 1, options.length);
    args[options.length + 1] = source;
    args[options.length + 2] = mnt.toString();
    start(source, args);
  }

  /** Starts {@code holofs args...}, which mount {@code source}, and waits until it says so. */
  private void start(String source, String... args) throws Exception {
    holofs = Child.start(dir, args);
    String ready = "holofs: " + source + " mounted on " + mnt + " (Ctrl-C to unmount)\n";
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
      if (!holofs.process.isAlive()) {
        throw new AssertionError("holofs exited with " + holofs.process.exitValue() + ": "
            + holofs.err());
      }
      return holofs.out().equals(ready);
    });
    assertThat(procMountsNames(mnt)).isTrue();
  }

  /** Runs {@code command} in sh from the test's directory (so "mnt" is the mountpoint). */
  private String sh(String command) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", command).directory(dir.toFile()).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    assertThat(p.exitValue()).as("%s: %s", command, err).isZero();
    return new String(out, StandardCharsets.UTF_8);
  }

  private static void exec(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    p.waitFor(30, TimeUnit.SECONDS);
  }

  private static boolean isMounted(Path path) throws IOException {
    return MountTable.find(path) != null;
  }

  /** Whether /proc/mounts lists a mount on {@code path}. */
  private static boolean procMountsNames(Path path) throws IOException {
    return Files.readAllLines(Path.of("/proc/mounts")).stream()
        .map(line -> MountTable.unescape(line.split(" ")[1]))
        .anyMatch(path.toString()::equals);
  }

  private static String sha256OfBig(long offset, int length) throws Exception {
    ByteBuffer bytes = ByteBuffer.allocate(length);
    DemoTree.fillBig(offset, bytes);
    return ExpectedTree.sha256(bytes.array());
  }

}
