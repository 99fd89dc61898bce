package dev.holofs.vfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holofs.testkit.Driver;
import dev.holofs.testkit.Entry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening sftp sources: credentials, host keys, bad URIs, and a 10,000-entry directory. */
class SftpSourceTest {

  private static final int LARGE = 10_000;

  @TempDir
  static Path work;
  static Path served;
  static SftpServer server;
  static Path knownHosts;

  @BeforeAll
  static void startServer() throws Exception {
    server = SftpServer.serveTree(work);
    served = server.served();
    knownHosts = server.knownHosts();
    Path large = Files.createDirectories(served.resolve("large"));
    for (int i = 0; i < LARGE; i++) {
      Files.createFile(large.resolve(String.format("entry-%05d", i)));
    }
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  private static VfsOptions.Builder options(String path) {
    return VfsOptions.builder(server.uri(path)).knownHosts(knownHosts).lanes(1);
  }

  private static List<String> rootNames(VfsOptions options) throws IOException {
    try (VfsProvider provider = VfsProvider.open(options); Driver driver = Driver.of(provider)) {
      return Entry.names(driver.list(""));
    }
  }

  @Test
  void anSftpDirectoryGetsTwoLanesByDefaultASingleFileCommonsVfsFour() throws Exception {
    char[] password = SftpServer.PASSWORD.toCharArray();
    try (VfsProvider dir = VfsProvider.open(
        VfsOptions.builder(server.uri("tree")).knownHosts(knownHosts).password(password).build())) {
      assertThat(dir.lanes()).isEqualTo(VfsOptions.DEFAULT_SFTP_LANES);
    }
    try (VfsProvider file = VfsProvider.open(VfsOptions.builder(server.uri("tree/readme.txt"))
        .knownHosts(knownHosts).password(password).build())) {
      assertThat(file.lanes()).isEqualTo(VfsOptions.DEFAULT_LANES);
    }
  }

  @Test
  void passwordLogin() throws Exception {
    assertThat(rootNames(options("tree").password(SftpServer.PASSWORD.toCharArray()).build()))
        .containsExactly("Upper.TXT", "data", "docs", "empty", "empty.txt", "readme.txt");
  }

  @Test
  void keyLoginWithAnIdentityFile() throws Exception {
    Path key = server.clientKey(work.resolve("id_test"));
    assertThat(rootNames(options("tree").identities(List.of(key)).build())).contains("readme.txt");
  }

  @Test
  void aWrongPasswordIsRefusedAndNeverShown() {
    String secret = "Wr0ng-secret-4711";
    assertThatThrownBy(() -> VfsProvider.open(options("tree").password(secret.toCharArray()).build()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("127.0.0.1")
        .hasMessageContaining("Auth fail")
        .satisfies(e -> assertThat(e.toString()).doesNotContain(secret));
    String inUri = "sftp://" + SftpServer.USER + ":" + secret + "@127.0.0.1:" + server.port() + "/tree";
    assertThatThrownBy(() -> VfsProvider.open(VfsOptions.builder(inUri).knownHosts(knownHosts).build()))
        .isInstanceOf(IOException.class)
        .satisfies(e -> assertThat(e.toString()).doesNotContain(secret));
  }

  @Test
  void anUnknownHostKeyIsRefusedUnlessCheckingIsTurnedOff() throws Exception {
    Path empty = Files.writeString(work.resolve("empty_known_hosts"), "");
    VfsOptions.Builder strict = options("tree").knownHosts(empty)
        .password(SftpServer.PASSWORD.toCharArray());
    assertThatThrownBy(() -> VfsProvider.open(strict.build()))
        .isInstanceOf(IOException.class)
        .hasMessageContainingAll("127.0.0.1", "HostKey");
    assertThat(rootNames(strict.checkHostKeys(false).build())).contains("readme.txt");
  }

  @Test
  void aMissingPathIsNoSuchFile() {
    assertThatThrownBy(() -> VfsProvider.open(
        options("no/such/dir").password(SftpServer.PASSWORD.toCharArray()).build()))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("no/such/dir");
  }

  @Test
  void anUnreachableHostAndAnUnknownSchemeAreRefused() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    assertThatThrownBy(() -> VfsProvider.open(VfsOptions.builder(
        "sftp://u@127.0.0.1:" + closed + "/x").knownHosts(knownHosts).build()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Connection refused");
    assertThatThrownBy(() -> VfsProvider.open(VfsOptions.builder("nosuch://host/x").build()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unknown scheme 'nosuch'");
    assertThatThrownBy(() -> VfsProvider.open(VfsOptions.builder("no-scheme-here").build()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a URI");
  }

  @Test
  void aTenThousandEntryDirectoryThroughSmallBuffers() throws Exception {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < LARGE; i++) {
      expected.add(String.format("entry-%05d", i));
    }
    try (VfsProvider provider = VfsProvider.open(
            options("large").password(SftpServer.PASSWORD.toCharArray()).lanes(2).build());
        Driver driver = Driver.of(provider)) {
      assertThat(Entry.names(driver.list("", null, 37))).containsExactlyElementsOf(expected);
      assertThat(driver.stat("entry-04711").size()).isZero();
      assertThat(driver.lookup("entry-10000")).isNull();
    }
  }
}
