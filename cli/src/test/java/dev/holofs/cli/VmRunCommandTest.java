package dev.holofs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.cli.Cli.Run;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** holofs vm run's command line: help that says how to get a guest, one-line errors. */
class VmRunCommandTest {

  @TempDir
  Path dir;

  @Test
  void helpSaysHowToBuildTheGuest() {
    Run run = Cli.run("vm", "run", "--help");
    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("--share", "NAME=SOURCE", "/mnt/NAME", "build-guest.sh");
  }

  @Test
  void vmWithoutSubcommand() {
    assertOneLineError(Cli.run("vm"), 2, "missing command: run");
  }

  @Test
  void badOptionsAreOneLineErrors() {
    assertOneLineError(Cli.run("vm", "run", "--share", "nameless", "--", "true"), 1,
        "--share wants NAME=SOURCE, not 'nameless'");
    assertOneLineError(Cli.run("vm", "run", "--share", "a=demo:", "--share", "a=demo:"), 1,
        "--share a given twice");
    assertOneLineError(Cli.run("vm", "run", "--memory", "8"), 1, "--memory must be at least 64");
    assertOneLineError(Cli.run("vm", "run", "--cpus", "0"), 1, "--cpus must be at least 1");
  }

  @Test
  void aDamagedArchiveIsRefusedBeforeAnyVmStarts() throws Exception {
    Path zip = dir.resolve("bad.zip");
    try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
      for (String name : List.of("a", "b")) {
        out.putNextEntry(new ZipEntry(name));
        out.write(name.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    DamagedArchives.damageLastRecord(zip); // found once the directory is read, in the background
    // A QEMU that says whether it was ever started, and a guest that passes the file checks.
    Path started = dir.resolve("qemu-started");
    Path qemu = Files.writeString(dir.resolve("qemu"), "#!/bin/sh\ntouch '" + started + "'\nexit 1\n");
    Files.setPosixFilePermissions(qemu, PosixFilePermissions.fromString("rwx------"));
    Path kernel = Files.writeString(dir.resolve("vmlinuz"), "not a kernel");
    Path initrd = Files.writeString(dir.resolve("initrd.img"), "not an initramfs");

    Child child = Child.start(dir, Map.of("HOLOFS_QEMU", qemu.toString()), List.of(), "vm", "run",
        "--kernel", kernel.toString(), "--initrd", initrd.toString(), "--share", "p=zip:" + zip,
        "--", "true");
    assertThat(child.waitFor()).as("stderr: %s", child.err()).isEqualTo(1);
    assertThat(child.err()).startsWith("holofs: zip:" + zip + ": damaged central directory at offset ")
        .doesNotContain("\tat ");
    assertThat(child.err().strip().lines()).hasSize(1);
    assertThat(started).doesNotExist();
  }

  private static void assertOneLineError(Run run, int status, String fragment) {
    assertThat(run.status()).as("status; stderr: %s", run.err()).isEqualTo(status);
    assertThat(run.err()).startsWith("holofs: ").contains(fragment).doesNotContain("\tat ");
    assertThat(run.err().strip().lines()).hasSize(1);
  }
}
