package dev.holofs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.vfs.VfsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The options guessed before the command line is parsed are the ones picocli then gives. */
class EarlyVfsTest {

  private static final String URI = "sftp://user@127.0.0.1:1/srv/data";

  @TempDir
  Path dir;

  /** What the mount opens the source with, as picocli reads {@code args}. */
  private static VfsOptions parsed(String... args) throws Exception {
    MountCommand mount = new MountCommand();
    new CommandLine(mount).parseArgs(Arrays.copyOfRange(args, 1, args.length));
    return new VfsSource(mount.vfsOptions, mount.cacheTimeout).options(URI);
  }

  @Test
  void theGuessIsWhatPicocliReads() throws Exception {
    Path key = Files.writeString(dir.resolve("key"), "k");
    String[][] lines = {
        {"mount", "vfs:" + URI, "/mnt"},
        {"mount", "--identity", key.toString(), "--known-hosts=" + dir.resolve("kh"), "--lanes",
            "3", "--cache-timeout", "2.5", "--no-host-key-check", "vfs:" + URI, "/mnt"},
        {"mount", "--pool-threads", "8", "vfs:" + URI, "/mnt", "--lanes=1", "--identity=" + key},
    };
    for (String[] args : lines) {
      VfsOptions guessed = EarlyVfs.guess(URI, args);
      assertThat(guessed).as(String.join(" ", args)).isNotNull();
      assertThat(guessed.opensSameAs(parsed(args))).as(String.join(" ", args)).isTrue();
    }
  }

  @Test
  void optionsTheGuessMissedAreNotTheSame() throws Exception {
    VfsOptions guessed = EarlyVfs.guess(URI, new String[] {"mount", "vfs:" + URI, "/mnt"});
    assertThat(guessed.opensSameAs(parsed("mount", "--lanes", "4", "vfs:" + URI, "/mnt"))).isFalse();
    assertThat(guessed.opensSameAs(parsed("mount", "--cache-timeout", "0", "vfs:" + URI, "/mnt")))
        .isFalse();
  }

  @Test
  void noGuessWithAPasswordFileOrAnUnreadableOption() {
    assertThat(EarlyVfs.guess(URI, new String[] {"mount", "--password-file", "p", "vfs:" + URI,
        "/mnt"})).isNull();
    assertThat(EarlyVfs.guess(URI, new String[] {"mount", "--lanes", "many", "vfs:" + URI, "/mnt"}))
        .isNull();
    assertThat(EarlyVfs.guess(URI, new String[] {"mount", "vfs:" + URI, "/mnt", "--lanes"})).isNull();
  }

  @Test
  void aConnectionBegunForAnotherSourceIsNotTaken() {
    // nothing listens on port 1: the early opening fails, and is not handed to a mount of demo:
    assertThat(EarlyVfs.begin("vfs:" + URI, new String[] {"mount", "vfs:" + URI, "/mnt"})).isTrue();
    assertThat(EarlyStart.take("demo:")).isNull();
    assertThat(EarlyVfs.take(EarlyVfs.guess(URI, new String[] {"mount", "vfs:" + URI, "/mnt"})))
        .as("closed when the mount took another SOURCE").isNull();
  }
}
