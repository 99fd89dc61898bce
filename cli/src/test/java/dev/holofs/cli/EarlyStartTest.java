package dev.holofs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.zip.ZipProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a zip: SOURCE before the command line is parsed, and handing it to the mount. */
class EarlyStartTest {

  @TempDir
  Path dir;
  private Path zip;
  private String source;

  @BeforeEach
  void archive() throws Exception {
    zip = dir.resolve("a.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("a.txt"));
      out.write('a');
    }
    source = "zip:" + zip;
  }

  @AfterEach
  void nothingLeft() {
    assertThat(EarlyStart.take(source)).as("an early opening nobody took").isNull();
  }

  @Test
  void theMountTakesTheArchiveOpenedEarly() throws Exception {
    EarlyStart.begin(new String[] {"mount", "--fsname", "x", source, dir.toString()});
    CompletableFuture<OpenSource> opening = EarlyStart.take(source);
    assertThat(opening).isNotNull();
    OpenSource opened = opening.get(30, java.util.concurrent.TimeUnit.SECONDS);
    try {
      assertThat(opened.provider()).isInstanceOf(ZipProvider.class);
      assertThat(((ZipProvider) opened.provider()).archive()).isEqualTo(zip);
    } finally {
      opened.resource().close();
    }
  }

  @Test
  void aGuessThatWasNotTheSourceIsNotTaken() {
    EarlyStart.begin(new String[] {"mount", "--fsname", source, "demo:", dir.toString()});
    assertThat(EarlyStart.take("demo:")).isNull();
  }

  @Test
  void aMissingArchiveFailsAsItWouldLater() {
    String missing = "zip:" + dir.resolve("missing.zip");
    EarlyStart.begin(new String[] {"mount", missing, dir.toString()});
    CompletableFuture<OpenSource> opening = EarlyStart.take(missing);
    assertThat(opening).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(Exception.class)
        .havingCause().isInstanceOf(UserException.class).withMessage(missing + ": no such file");
  }

  @Test
  void nothingIsOpenedEarlyForVerboseMountsOrOtherCommands() {
    EarlyStart.begin(new String[] {"mount", "-vv", source, dir.toString()});
    assertThat(EarlyStart.take(source)).isNull();
    EarlyStart.begin(new String[] {"mount", source, dir.toString(), "--verbose"});
    assertThat(EarlyStart.take(source)).isNull();
    EarlyStart.begin(new String[] {"unmount", source});
    assertThat(EarlyStart.take(source)).isNull();
  }

  @Test
  void aVfsSourceIsFoundAsTheLauncherFindsIt() {
    assertThat(EarlyStart.vfsUri("vfs:sftp://me@host/srv")).isEqualTo("sftp://me@host/srv");
    assertThat(EarlyStart.vfsUri("data=vfs:sftp://me@host/srv")).isEqualTo("sftp://me@host/srv");
    assertThat(EarlyStart.vfsUri("zip:/a.zip")).isNull();
    assertThat(EarlyStart.vfsUri("data=zip:/a.zip")).isNull();
  }
}
