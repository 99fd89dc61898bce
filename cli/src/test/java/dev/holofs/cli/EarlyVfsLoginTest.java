package dev.holofs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
    begin(args);
    assertThat(connected(30_000)).as("a connection begun before picocli").isTrue();
    CompletableFuture<OpenSource> opening = EarlyStart.take(mountKey(args));
    assertThat(opening).as("taken by the mount picocli read").isNotNull();
    opening.get(30, TimeUnit.SECONDS).resource().close();
  }

  @Test
  void theMountTakesTheEarlyLoginAndLogsInNoMore() throws Exception {
    String[] args = {"mount", source, dir.toString(), "--known-hosts", knownHosts};
    begin(args);
    assertThat(connected(30_000)).as("a connection begun before picocli").isTrue();
    // The mount takes the early opening before it checks the platform, which then fails it.
    Cli.Run run = Cli.runWithFuse(() -> "no platform", args);
    assertThat(run.err()).contains("no platform");
    // take() clears the pending opening whether or not the key matched: only the absence of a
    // second login shows the mount took this one.
    assertThat(connected(5_000)).as("a second login, by the mount").isFalse();
  }

  @Test
  void theScannedOptionsReachTheEarlyLogin() throws Exception {
    Path missing = dir.resolve("missing");
    String[][] lines = {
        {"mount", source, dir.toString(), "--known-hosts", knownHosts, "--identity",
            missing.toString()},
        {"mount", source, dir.toString(), "--known-hosts", knownHosts, "--lanes", "65"},
    };
    String[] messages = {"--identity " + missing + ": no such readable file",
        "--lanes must be 1 to 64 (got 65)"};
    for (int i = 0; i < lines.length; i++) {
      begin(lines[i]);
      CompletableFuture<OpenSource> opening = EarlyStart.take(mountKey(lines[i]));
      assertThat(opening).as("begun early").isNotNull();
      assertThatThrownBy(() -> opening.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).cause().isInstanceOf(UserException.class)
          .hasMessage(messages[i]);
    }
    assertThat(connected(1_000)).as("anything connected").isFalse();
  }

  @Test
  void aLineWithOtherOptionsDiffersFromTheEarlyKey() throws Exception {
    String[] args = {"mount", source, dir.toString(), "--known-hosts", knownHosts, "--identity",
        dir.resolve("id").toString(), "--lanes", "2"};
    VfsOptionsMixin early = scan(args);
    assertThat(early.identities).containsExactly(dir.resolve("id"));
    assertThat(early.key(null)).isEqualTo(Cli.parsedMount(args).vfsOptions.key(null));
    String[] other = {"mount", source, dir.toString(), "--known-hosts", knownHosts, "--identity",
        dir.resolve("id").toString(), "--lanes", "3"};
    assertThat(early.key(null)).isNotEqualTo(Cli.parsedMount(other).vfsOptions.key(null));
    assertThat(early.key(null)).as("a cache timeout")
        .isNotEqualTo(early.key(Duration.ofSeconds(5)));
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
        {"mount", source, mnt, "--lanes", "9999999999"},
        {"mount", source, mnt, "--cache-timeout", "5"},
        {"mount", source, mnt, "--fsname", "x"},
        {"mount", source, mnt, "--endpoint", "http://127.0.0.1:9"},
        {"mount", source, mnt, "--help"},
        {"mount", source, mnt, "-v"},
        {"mount", source, mnt, "--", "--lanes"},
        {"mount", "--lanes", "1", source, mnt},
        {"mount", source, mnt, "extra"},
    };
    for (String[] args : unusual) { // pure: no thread, no connection
      assertThat(scan(args)).as(String.join(" ", args)).isNull();
    }
    // begin() itself for a few (each starts warm-up threads): -v stops it before any scan.
    for (String[] args : List.of(unusual[0], unusual[2], unusual[12])) {
      begin(args);
      assertThat(EarlyStart.pending()).as(String.join(" ", args)).isFalse();
    }
    assertThat(connected(1_000)).as("anything connected").isFalse();
  }

  @Test
  void aRefusedEarlyLoginFailsAsTheMountWould() throws Exception {
    // A bound socket that does not listen: connections to its port are refused, and no other
    // listener can take the port meanwhile.
    try (Socket refusing = new Socket()) {
      refusing.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      String refused = "vfs:sftp://me@127.0.0.1:" + refusing.getLocalPort() + "/srv";
      String[] args = {"mount", refused, dir.toString(), "--known-hosts", knownHosts};
      begin(args);
      CompletableFuture<OpenSource> opening = EarlyStart.take(mountKey(args));
      OpenSource early = opening.get(30, TimeUnit.SECONDS);
      OpenSource mount = new VfsSource(Cli.parsedMount(args).vfsOptions, null)
          .open(refused.substring("vfs:".length()));
      try {
        String expected = failure(mount);
        assertThat(expected).contains("127.0.0.1:" + refusing.getLocalPort(), "Connection refused");
        assertThat(failure(early)).isEqualTo(expected);
      } finally {
        early.resource().close();
        mount.resource().close();
      }
    }
  }

  /** The message {@code opened} fails with once its source could not be opened. */
  private static String failure(OpenSource opened) {
    UserException e = catchThrowableOfType(() -> opened.ready().await(), UserException.class);
    assertThat(e).as("refused").isNotNull();
    return e.getMessage();
  }

  /** Begins as Main does. */
  private static void begin(String[] args) {
    EarlyStart.begin(args, EarlyArgs.read(args));
  }

  /** The early login's options, as {@link EarlyStart#begin} scans them; null: no early login. */
  private static VfsOptionsMixin scan(String[] args) {
    EarlyArgs early = EarlyArgs.read(args);
    return early == null ? null : VfsOptionsMixin.scan(early);
  }

  /** The key the mount takes an early opening by, as {@code MountCommand} makes it. */
  private static List<Object> mountKey(String[] args) {
    MountCommand parsed = Cli.parsedMount(args);
    return EarlyStart.key(parsed.source, parsed.vfsOptions.key(null));
  }
}
