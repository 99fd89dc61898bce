package dev.holofs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code main}, in its own JVM: exit statuses and exactly what reaches the terminal. */
class MainProcessTest {

  @TempDir
  Path dir;

  @Test
  void providersExitsZero() throws Exception {
    Child child = Child.start(dir, "providers");
    assertThat(child.waitFor()).isZero();
    assertThat(child.out().lines()).hasSize(4);
    assertThat(child.err()).isEmpty();
  }

  @Test
  void aFailingMountPrintsOneLineAndExitsOne() throws Exception {
    Path mnt = Files.createDirectory(dir.resolve("mnt"));
    Child child = Child.start(dir, "mount", "zip:" + dir.resolve("missing.zip"), mnt.toString());
    assertThat(child.waitFor()).isEqualTo(1);
    assertThat(child.err()).isEqualTo("holofs: zip:" + dir.resolve("missing.zip")
        + ": no such file\n");
    assertThat(child.out()).isEmpty();
  }

  @Test
  void aPlainMountFailsAsOneWithOptionsDoes() throws Exception {
    // mount SOURCE MOUNTPOINT alone is run without picocli's model; an option brings it back.
    Path file = Files.writeString(dir.resolve("file"), "not a directory");
    Path zip = dir.resolve("a.zip");
    try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
      z.putNextEntry(new java.util.zip.ZipEntry("a.txt"));
    }
    Child plain = Child.start(dir, "mount", "zip:" + zip, file.toString());
    Child withOption = Child.start(dir, "mount", "--pool-threads", "0", "zip:" + zip, file.toString());
    assertThat(plain.waitFor()).isEqualTo(withOption.waitFor()).isEqualTo(1);
    assertThat(plain.err()).isEqualTo(withOption.err()).startsWith("holofs: ").endsWith("\n")
        .contains(file.toString()).hasLineCount(1);
    assertThat(plain.out()).isEqualTo(withOption.out()).isEmpty();
  }

  @Test
  void aWrongCommandLineExitsTwo() throws Exception {
    Child child = Child.start(dir, "mount", "--pool-threads");
    assertThat(child.waitFor()).isEqualTo(2);
    assertThat(child.err().lines()).hasSize(1);
    assertThat(child.err()).startsWith("holofs: ").contains("--pool-threads");
  }
}
