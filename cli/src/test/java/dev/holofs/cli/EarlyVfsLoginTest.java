package dev.holofs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code vfs:} source's login begun before picocli reads the command line: only from a line
 * {@link EarlyArgs} reads whose options are keys, known hosts and lanes; any other line connects
 * to nothing early. The "server" is a loopback socket that records whether anything connected.
 */
class EarlyVfsLoginTest {

  @TempDir
  Path dir;
  private ServerSocket server;
  private String source;
  private String knownHosts;

  @BeforeEach
  void listen() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    source = "vfs:sftp://me@127.0.0.1:" + server.getLocalPort() + "/srv";
    knownHosts = Files.writeString(dir.resolve("known_hosts"), "").toString();
  }

  @AfterEach
  void close() throws IOException {
    EarlyStart.take(List.of()); // closes whatever a failed test left
    server.close();
  }

  /** Whether something connected within {@code millis}. */
  private boolean connected(int millis) throws IOException {
    server.setSoTimeout(millis);
    try (Socket ignored = server.accept()) {
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  @Test
  void aPlainLineLogsInEarlyWithTheOptionsPicocliReads() throws Exception {
    String[] args = {"mount", source, dir.toString(), "--known-hosts", knownHosts, "--lanes", "1"};
    EarlyStart.begin(args);
    assertThat(connected(30_000)).as("a connection begun before picocli").isTrue();
    MountCommand parsed = parsed(args);
    CompletableFuture<OpenSource> opening =
        EarlyStart.take(EarlyStart.key(source, null, parsed.vfsOptions, null));
    assertThat(opening).as("taken by the mount picocli read").isNotNull();
    opening.get(30, TimeUnit.SECONDS).resource().close();
  }

  @Test
  void aLineWithOtherOptionsDiffersFromTheEarlyKey() throws Exception {
    String[] args = {"mount", source, dir.toString(), "--known-hosts", knownHosts, "--identity",
        dir.resolve("id").toString(), "--lanes", "2"};
    VfsOptionsMixin early = VfsOptionsMixin.scan(args);
    assertThat(early.identities).containsExactly(dir.resolve("id"));
    assertThat(early.key(null)).isEqualTo(parsed(args).vfsOptions.key(null));
    String[] other = {"mount", source, dir.toString(), "--known-hosts", knownHosts, "--identity",
        dir.resolve("id").toString(), "--lanes", "3"};
    assertThat(early.key(null)).isNotEqualTo(parsed(other).vfsOptions.key(null));
    assertThat(early.key(null)).as("a cache timeout").isNotEqualTo(early.key(java.time.Duration.ofSeconds(5)));
  }

  @Test
  void anUnusualLineLogsInNowhereEarly() throws Exception {
    Path argFile = Files.writeString(dir.resolve("args"), "--no-host-key-check\n");
    Path password = Files.writeString(dir.resolve("pw"), "secret\n");
    String mnt = dir.toString();
    String[][] unusual = {
        {"mount", source, mnt, "--no-host-key-check"},
        {"mount", source, mnt, "--no-host-key-check=false"},
        {"mount", source, mnt, "@" + argFile},
        {"mount", source, mnt, "--password-file", password.toString()},
        {"mount", source, mnt, "--identity", "a", "--identity", "b"},
        {"mount", source, mnt, "--lanes", "0x2"},
        {"mount", source, mnt, "--lanes", "+2"},
        {"mount", source, mnt, "--lanes", "65"},
        {"mount", source, mnt, "--cache-timeout", "5"},
        {"mount", source, mnt, "--fsname", "x"},
        {"mount", source, mnt, "--endpoint", "http://127.0.0.1:9"},
        {"mount", source, mnt, "--help"},
        {"mount", source, mnt, "-v"},
        {"mount", source, mnt, "--", "--lanes"},
        {"mount", "--lanes", "1", source, mnt},
        {"mount", source, mnt, "extra"},
    };
    for (String[] args : unusual) {
      EarlyStart.begin(args);
      assertThat(EarlyStart.pending()).as(String.join(" ", args)).isFalse();
    }
    assertThat(connected(1_000)).as("anything connected").isFalse();
  }

  @Test
  void aRefusedEarlyLoginFailsAsTheMountWould() throws Exception {
    int closed = server.getLocalPort();
    server.close();
    String[] args = {"mount", source, dir.toString(), "--known-hosts", knownHosts};
    EarlyStart.begin(args);
    CompletableFuture<OpenSource> opening =
        EarlyStart.take(EarlyStart.key(source, null, parsed(args).vfsOptions, null));
    OpenSource opened = opening.get(30, TimeUnit.SECONDS);
    try {
      assertThatThrownBy(() -> opened.ready().await()).isInstanceOf(UserException.class)
          .hasMessageContaining("127.0.0.1:" + closed).hasMessageContaining("Connection refused");
    } finally {
      opened.resource().close();
    }
  }

  private static MountCommand parsed(String[] args) {
    picocli.CommandLine line = Main.commandLine(picocli.CommandLine.defaultFactory(),
        new java.io.PrintWriter(java.io.Writer.nullWriter()),
        new java.io.PrintWriter(java.io.Writer.nullWriter()));
    line.parseArgs(args);
    return line.getSubcommands().get("mount").getCommand();
  }
}
