package dev.holofs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.testkit.KernelTests;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names from a hostile archive reach the user's terminal only escaped and cut: no forged line, no
 * escape sequence, no 65 KB line, no raw binary before the error.
 */
class HostileNamesProcessTest {

  @TempDir
  Path dir;

  @Test
  void warningsAndTheErrorLineEscapeAndCutNames() throws Exception {
    KernelTests.requireFuse(); // the mountpoint checks pass, so the archive's own error is what ends it
    Path zip = dir.resolve("hostile.zip");
    try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
      // Each is skipped (NUL, "..", a name past 255 bytes), so each is named in a warning.
      entry(out, "a\0\nholofs: demo: mounted on /etc (fake line)");
      entry(out, "../\u001b[2J\u001b[31mred");
      entry(out, "x".repeat(65_535));
      entry(out, "last");
    }
    DamagedArchives.damageLastRecord(zip); // the archive is refused
    Path mnt = Files.createDirectory(dir.resolve("mnt"));

    Child child = Child.start(dir, "mount", "zip:" + zip, mnt.toString());
    assertThat(child.waitFor()).isEqualTo(1);
    String err = child.err();
    assertThat(err.lines()).hasSize(4).allSatisfy(line -> {
      assertThat(line).matches("(holofs: |WARN ).*").doesNotStartWith("holofs: demo:")
          .hasSizeLessThan(1200);
      assertThat(line.chars()).noneMatch(c -> c < 0x20 || c >= 0x7f && c < 0xa0);
    });
    assertThat(err.lines().filter(l -> l.startsWith("holofs: "))).hasSize(1); // the error, last
    assertThat(err.strip().lines().reduce((a, b) -> b).orElseThrow()).startsWith("holofs: ");
    assertThat(err).contains("a\\0\\nholofs: demo: mounted on /etc (fake line)", "\\x1b[2J",
        "more characters)", "damaged central directory at offset");
    assertThat(child.out()).isEmpty();
    // The directory is read while the mount is made: refused after it, the mount is gone too.
    assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(" " + mnt + " ");
    try (var listing = Files.list(mnt)) {
      assertThat(listing).isEmpty();
    }
  }

  private static void entry(ZipOutputStream out, String name) throws Exception {
    out.putNextEntry(new ZipEntry(name));
    out.write(name.substring(0, Math.min(10, name.length())).getBytes(StandardCharsets.UTF_8));
    out.closeEntry();
  }
}
