package dev.holofs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.cli.Cli.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a command line can be wrong, or its source or mountpoint unusable, ends in one line on
 * stderr starting with "holofs: " and a non-zero status: 2 for the command line, 1 otherwise.
 */
class CliErrorsTest {

  @TempDir
  Path dir;

  /** FUSE counted as available, so the checks after it are reached on any machine. */
  private static Run mount(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "mount";
    System.arraycopy(args, 0, all, 1, args.length);
    return Cli.runWithFuse(() -> null, all);
  }

  private Path emptyMountpoint() throws IOException {
    return Files.createDirectory(dir.resolve("mnt"));
  }

  private static void assertOneLineError(Run run, int status, String... fragments) {
    assertThat(run.status()).as("status; stderr: %s", run.err()).isEqualTo(status);
    assertThat(run.err()).startsWith("holofs: ").doesNotContain("\tat ", "Exception:");
    assertThat(run.err().strip().lines()).as("stderr lines").hasSize(1);
    assertThat(run.err()).contains(fragments);
    assertThat(run.out()).isEmpty();
  }

  @Test
  void noCommand() {
    assertOneLineError(Cli.run(), 2, "missing command: mount, unmount, providers or vm");
  }

  @Test
  void unknownCommand() {
    assertOneLineError(Cli.run("frobnicate"), 2, "'frobnicate'", "holofs --help");
  }

  @Test
  void unknownOption() {
    assertOneLineError(Cli.run("mount", "--frob", "demo:", dir.toString()), 2, "--frob",
        "holofs mount --help");
  }

  @Test
  void missingMountArguments() {
    assertOneLineError(Cli.run("mount", "demo:"), 2, "MOUNTPOINT");
    assertOneLineError(Cli.run("mount"), 2, "SOURCE");
  }

  @Test
  void unknownScheme() throws IOException {
    assertOneLineError(mount("ftp://example.com/x", emptyMountpoint().toString()), 1,
        "unknown source scheme 'ftp:'", "demo:", "zip:PATH", "holofs providers");
  }

  @Test
  void sourceWithoutSchemeSuggestsZip() throws IOException {
    assertOneLineError(mount("photos.zip", emptyMountpoint().toString()), 1,
        "has no scheme", "did you mean zip:photos.zip?");
  }

  @Test
  void demoTakesNoArgument() throws IOException {
    assertOneLineError(mount("demo:extra", emptyMountpoint().toString()), 1,
        "demo: takes no argument");
  }

  @Test
  void missingZipFile() throws IOException {
    String missing = dir.resolve("nope.zip").toString();
    assertOneLineError(mount("zip:" + missing, emptyMountpoint().toString()), 1,
        "zip:" + missing + ": no such file");
  }

  @Test
  void zipWithoutPath() throws IOException {
    assertOneLineError(mount("zip:", emptyMountpoint().toString()), 1, "zip:PATH");
  }

  @Test
  void zipThatIsADirectory() throws IOException {
    assertOneLineError(mount("zip:" + dir, emptyMountpoint().toString()), 1, "is a directory");
  }

  @Test
  void malformedArchive() throws IOException {
    Path bad = Files.write(dir.resolve("bad.zip"), "this is not a zip archive, just text\n"
        .repeat(100).getBytes());
    Run run = mount("zip:" + bad, emptyMountpoint().toString());
    assertOneLineError(run, 1, "zip:" + bad + ": ");
    assertThat(run.err()).doesNotContain(bad + ": " + bad); // the path is said once
  }

  @Test
  void truncatedArchive() throws IOException {
    Path zip = dir.resolve("t.zip");
    try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
      for (int i = 0; i < 20; i++) {
        out.putNextEntry(new java.util.zip.ZipEntry("f" + i + ".txt"));
        out.write(("file " + i + "\n").repeat(50).getBytes());
      }
    }
    byte[] whole = Files.readAllBytes(zip);
    Files.write(zip, java.util.Arrays.copyOf(whole, whole.length - 30)); // cuts the end record
    Run run = mount("zip:" + zip, emptyMountpoint().toString());
    assertOneLineError(run, 1, "zip:" + zip + ": ");
    assertThat(run.err()).doesNotContain(zip + ": " + zip);
  }

  @Test
  void mountpointMissing() {
    Path missing = dir.resolve("absent");
    assertOneLineError(mount("demo:", missing.toString()), 1,
        "mountpoint " + missing + " does not exist");
  }

  @Test
  void mountpointNamesTooLongSaySo() {
    Path longName = dir.resolve("n".repeat(300));
    assertOneLineError(mount("demo:", longName.toString()), 1, "file name too long");
    Path longPath = dir.resolve("d/".repeat(2100));
    Run run = mount("demo:", longPath.toString());
    assertOneLineError(run, 1, "file name too long", "more characters)");
    assertThat(run.err()).doesNotContain("mkdir");
  }

  @Test
  void mountpointNotADirectory() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertOneLineError(mount("demo:", file.toString()), 1, "is not a directory");
  }

  @Test
  void mountpointNotEmpty() throws IOException {
    Path mnt = emptyMountpoint();
    Files.writeString(mnt.resolve("occupant"), "x");
    assertOneLineError(mount("demo:", mnt.toString()), 1, "mountpoint " + mnt + " is not empty");
  }

  @Test
  void mountpointAlreadyMounted() {
    // /proc is a mount point on every Linux machine: a mount there would hide it.
    assertOneLineError(mount("demo:", "/proc"), 1, "mountpoint /proc is busy", "proc");
  }

  @Test
  void fuseUnavailable() throws IOException {
    Run run = Cli.runWithFuse(() -> "no platform can project here; FUSE: /dev/fuse does not exist"
        + " (load the fuse module: modprobe fuse)", "mount", "demo:", emptyMountpoint().toString());
    assertOneLineError(run, 1, "no platform can project here; FUSE: /dev/fuse does not exist");
  }

  @Test
  void poolSmallerThanConcurrency() throws IOException {
    assertOneLineError(mount("--concurrent-threads", "4", "--pool-threads", "2", "demo:",
        emptyMountpoint().toString()), 2, "--pool-threads (2) must be at least --concurrent-threads (4)");
  }

  @Test
  void threadCountsPastTheMaximum() throws IOException {
    String mnt = emptyMountpoint().toString();
    assertOneLineError(mount("--concurrent-threads", "100000", "demo:", mnt), 2,
        "--concurrent-threads must be at most 1024");
    assertOneLineError(mount("--pool-threads", "1025", "demo:", mnt), 2,
        "--pool-threads must be at most 1024");
  }

  @Test
  void negativeThreads() throws IOException {
    assertOneLineError(mount("--concurrent-threads", "-1", "demo:", emptyMountpoint().toString()),
        2, "--concurrent-threads must be >= 0");
  }

  @Test
  void badCacheTimeout() throws IOException {
    String mnt = emptyMountpoint().toString();
    assertOneLineError(mount("--cache-timeout", "soon", "demo:", mnt), 2, "--cache-timeout",
        "soon");
    assertOneLineError(mount("--cache-timeout", "-1", "demo:", mnt), 2,
        "--cache-timeout", "must be between 0 and 1000000 seconds");
  }

  @Test
  void badFsName() throws IOException {
    assertOneLineError(mount("--fsname", "two words", "demo:", emptyMountpoint().toString()), 2,
        "--fsname 'two words' must be non-empty, without spaces");
  }

  @Test
  void unmountWhatIsNotMounted() throws IOException {
    Path mnt = emptyMountpoint();
    assertOneLineError(Cli.run("unmount", mnt.toString()), 1, mnt + " is not mounted");
  }

  @Test
  void unmountRefusesOtherFilesystems() {
    assertOneLineError(Cli.run("unmount", "/proc"), 1, "/proc is not a FUSE mount (proc)");
  }
}
