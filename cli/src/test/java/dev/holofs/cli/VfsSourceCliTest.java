package dev.holofs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.cli.Cli.Run;
import dev.holofs.testkit.KernelTests;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code holofs mount vfs:URI} refusing what it cannot mount: one line, no password in it. */
class VfsSourceCliTest {

  private static final String SECRET = "Pa55-never-printed";

  @TempDir
  Path dir;

  private Run mount(String... args) throws IOException {
    Path mnt = Files.createDirectories(dir.resolve("mnt"));
    String[] all = new String[args.length + 2];
    all[0] = "mount";
    System.arraycopy(args, 0, all, 1, args.length);
    all[all.length - 1] = mnt.toString();
    return Cli.runWithFuse(() -> null, all);
  }

  private static void assertRefused(Run run, String... fragments) {
    assertThat(run.status()).as("status; stderr: %s", run.err()).isEqualTo(1);
    assertThat(run.err()).startsWith("holofs: ").doesNotContain("\tat ", SECRET);
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err()).contains(fragments);
  }

  @Test
  void anUnknownSchemeIsNamed() throws IOException {
    KernelTests.requireFuse(); // the open fails after the mount is made
    assertRefused(mount("vfs:gopher://host/x"), "vfs:gopher://host/x", "unknown scheme 'gopher'");
  }

  @Test
  void anEmptyUriSaysWhatIsExpected() throws IOException {
    assertRefused(mount("vfs:"), "vfs:URI");
  }

  @Test
  void aMissingArchiveIsNamed() throws IOException {
    KernelTests.requireFuse(); // the open fails after the mount is made
    Path missing = dir.resolve("missing.tgz");
    assertRefused(mount("vfs:tgz:" + missing.toUri()), "missing.tgz", "does not exist");
  }

  @Test
  void anUnreachableHostNeverShowsThePassword() throws IOException {
    KernelTests.requireFuse(); // the open fails after the mount is made
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    assertRefused(mount("vfs:sftp://me:" + SECRET + "@127.0.0.1:" + closed + "/srv"),
        "vfs:sftp://me@127.0.0.1:" + closed + "/srv", "Connection refused");
    // The mount made while it connected is gone again.
    assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(dir.resolve("mnt").toString());
    Path passwordFile = Files.writeString(dir.resolve("pw"), SECRET + "\n");
    assertRefused(mount("--password-file", passwordFile.toString(),
        "vfs:sftp://me@127.0.0.1:" + closed + "/srv"), "Connection refused");
  }

  @Test
  void aMissingPasswordFileOrIdentityIsNamed() throws IOException {
    assertRefused(mount("--password-file", dir.resolve("nope").toString(), "vfs:sftp://me@h/x"),
        "--password-file", "no such file");
    assertRefused(mount("--identity", dir.resolve("id_nope").toString(), "vfs:sftp://me@h/x"),
        "--identity", "id_nope");
  }
}
