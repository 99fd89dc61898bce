package dev.holofs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.cli.Cli.Run;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code s3://} on the command line: listed, its options checked, its failures one line each. */
class S3SourceTest {

  @TempDir
  Path dir;

  private Run mount(String... args) throws IOException {
    String[] all = new String[args.length + 2];
    all[0] = "mount";
    all[1] = args[0];
    all[2] = Files.createDirectories(dir.resolve("mnt")).toString();
    System.arraycopy(args, 1, all, 3, args.length - 1);
    return Cli.runWithFuse(() -> null, all);
  }

  private static void assertOneLineError(Run run, int status, String... fragments) {
    assertThat(run.status()).as("status; stderr: %s", run.err()).isEqualTo(status);
    assertThat(run.err()).startsWith("holofs: ").doesNotContain("\tat ", "Exception:");
    assertThat(run.err().strip().lines()).as("stderr lines").hasSize(1);
    assertThat(run.err()).contains(fragments);
  }

  @Test
  void providersListsS3() {
    Run run = Cli.run("providers");
    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("s3://BUCKET[/PREFIX]");
  }

  @Test
  void malformedSources() throws IOException {
    assertOneLineError(mount("s3:bucket"), 1, "write s3://BUCKET or s3://BUCKET/PREFIX");
    assertOneLineError(mount("s3://"), 1, "write s3://BUCKET");
    assertOneLineError(mount("s3://bucket/a/../b"), 1, "invalid prefix");
  }

  @Test
  void s3OptionsOnlyWithS3Sources() throws IOException {
    assertOneLineError(mount("demo:", "--path-style"), 2, "apply to s3:// sources only");
  }

  /**
   * Needs {@code /dev/fuse}, whatever availability check the command is given: the bucket is
   * checked while a real kernel mount is made (as in MountEndToEndTest), and the mount removed.
   */
  @Test
  void anUnreachableEndpointIsOneLine() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertOneLineError(mount("s3://bucket/prefix", "--endpoint", "http://127.0.0.1:" + closed,
        "--path-style", "--region", "us-east-1", "--no-sign-request", "--request-timeout", "1"),
        1, "s3://bucket/prefix: cannot reach http://127.0.0.1:" + closed);
    // The bucket is checked while the mount is made: refused, the mount is gone again.
    assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(" " + dir.resolve("mnt") + " ");

    // The same command line without picocli (only s3 options): the same line.
    String[] args = {"mount", "s3://bucket/prefix", dir.resolve("mnt").toString(), "--endpoint",
        "http://127.0.0.1:" + closed, "--path-style", "--request-timeout", "1", "--no-sign-request",
        "--region", "us-east-1"};
    assertThat(PlainMount.applies(EarlyArgs.read(args))).isTrue();
    java.io.StringWriter err = new java.io.StringWriter();
    int status = PlainMount.run(EarlyArgs.read(args),
        new java.io.PrintWriter(java.io.Writer.nullWriter()), new java.io.PrintWriter(err, true));
    assertOneLineError(new Run(status, "", err.toString()), 1,
        "s3://bucket/prefix: cannot reach http://127.0.0.1:" + closed);
  }
}
