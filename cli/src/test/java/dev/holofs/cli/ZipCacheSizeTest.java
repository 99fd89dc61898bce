package dev.holofs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holofs.cli.Cli.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.TypeConversionException;

/** {@code --cache-size}: the zip provider's one memory budget, checked against the heap. */
class ZipCacheSizeTest {

  @TempDir Path dir;

  /** {@code holofs mount --cache-size SIZE SOURCE MNT}, FUSE counted as available; null: a zip. */
  private Run mount(String size, String source) throws IOException {
    if (source == null) {
      Path zip = dir.resolve("a.zip");
      try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
        out.putNextEntry(new ZipEntry("a.txt"));
        out.write("a\n".getBytes());
      }
      source = "zip:" + zip;
    }
    Path mnt = Files.createDirectory(dir.resolve("mnt"));
    return Cli.runWithFuse(() -> null, "mount", "--cache-size", size, source, mnt.toString());
  }

  private static void assertOneLine(Run run, int status, String... fragments) {
    assertThat(run.status()).as("status; stderr: %s", run.err()).isEqualTo(status);
    assertThat(run.err()).startsWith("holofs: ").doesNotContain("\tat ", "Exception:");
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err()).contains(fragments);
  }

  @Test
  void sizesTakeBinaryUnits() {
    SizeConverter c = new SizeConverter();
    assertThat(c.convert("1048576")).isEqualTo(1L << 20);
    assertThat(c.convert("512k")).isEqualTo(512L << 10);
    assertThat(c.convert("64M")).isEqualTo(64L << 20);
    assertThat(c.convert("64MiB")).isEqualTo(64L << 20);
    assertThat(c.convert("64mb")).isEqualTo(64L << 20);
    assertThat(c.convert("2G")).isEqualTo(2L << 30);
    for (String bad : new String[] {"", "M", "-1M", "0", "12x", "1.5G", "99999999999G"}) {
      assertThatThrownBy(() -> c.convert(bad)).as(bad).isInstanceOf(TypeConversionException.class);
    }
  }

  @Test
  void aCacheLargerThanHalfTheHeapIsRefusedNamingTheJvmOption() throws IOException {
    long tooLarge = Runtime.getRuntime().maxMemory() / 2 + (1 << 20);
    Run run = mount(Long.toString(tooLarge), null);
    assertOneLine(run, 1, "--cache-size", "does not fit", "HOLOFS_JAVA_OPTS=-Xmx");
  }

  @Test
  void aCacheTooSmallIsRefused() throws IOException {
    assertOneLine(mount("100K", null), 1, "--cache-size 100 KiB is too small", "1 MiB");
  }

  @Test
  void notASizeIsACommandLineError() throws IOException {
    assertOneLine(mount("lots", null), 2, "'lots' is not a size");
  }

  @Test
  void itAppliesToZipSourcesOnly() throws IOException {
    assertOneLine(mount("64M", "demo:"), 2, "--cache-size applies to zip: sources only");
  }

  @Test
  void helpStatesTheDefault() {
    Run run = Cli.run("mount", "--help");
    assertThat(run.out()).contains("--cache-size=SIZE").contains("Default: 24M");
  }
}
