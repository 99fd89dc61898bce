package dev.holofs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.cli.Cli.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What the command line prints when asked: providers, version, help. */
class CliInfoTest {

  @Test
  void providersListsEachBundledSourceOnOneLine() {
    Run run = Cli.run("providers");
    assertThat(run.status()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out().lines()).hasSize(4);
    assertThat(run.out().lines().toList().get(0)).startsWith("demo:      a generated tree");
    assertThat(run.out().lines().toList().get(1)).startsWith("zip:PATH   a zip archive");
    assertThat(run.out().lines().toList().get(2)).startsWith("s3://BUCKET[/PREFIX] an S3 bucket");
    assertThat(run.out().lines().toList().get(3)).startsWith("vfs:URI    any Apache Commons VFS")
        .contains("sftp", "ftp", "http", "tgz", "ram");
  }

  @Test
  void versionIsTheBuildVersion() {
    Run run = Cli.run("--version");
    assertThat(run.status()).isZero();
    assertThat(run.out()).startsWith("holofs 0.").doesNotContain("${", "unknown");
  }

  @Test
  void helpNamesTheCommands() {
    Run run = Cli.run("--help");
    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("mount", "unmount", "providers", "holofs mount demo:");
  }

  @Test
  void mountHelpNamesEveryOption() {
    Run run = Cli.run("mount", "--help");
    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("SOURCE", "MOUNTPOINT", "--concurrent-threads=N",
        "--pool-threads=N", "--cache-timeout=SECONDS", "--allow-other", "--fsname=NAME");
  }

  @Test
  void unmountHelpNamesLazy() {
    Run run = Cli.run("unmount", "--help");
    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("MOUNTPOINT", "--lazy");
  }

  @Test
  void mountTableUnescapesPaths() {
    MountTable.Entry entry = MountTable.parse(
        "36 35 0:31 / /tmp/a\\040b\\134c rw,nosuid shared:1 - fuse.holofs holofs:demo: rw,user_id=0");
    assertThat(entry.mountpoint()).isEqualTo(Path.of("/tmp/a b\\c"));
    assertThat(entry.fsType()).isEqualTo("fuse.holofs");
    assertThat(entry.source()).isEqualTo("holofs:demo:");
    assertThat(entry.isFuse()).isTrue();
    assertThat(MountTable.parse("garbage")).isNull();
  }
}
