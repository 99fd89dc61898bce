package dev.holofs.vfs;

import dev.holofs.spi.Provider;
import dev.holofs.testkit.ExpectedTree;
import dev.holofs.testkit.ProviderConformanceTest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The conformance suite over sftp: a real SFTP server on loopback, two lanes, password login. */
class SftpConformanceTest extends ProviderConformanceTest {

  @TempDir
  static Path work;
  static SftpServer server;
  static Path knownHosts;

  @BeforeAll
  static void startServer() throws Exception {
    server = SftpServer.serveTree(work);
    knownHosts = server.knownHosts();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Override
  protected Provider createProvider() throws Exception {
    return VfsProvider.open(VfsOptions.builder(server.uri("tree"))
        .password(SftpServer.PASSWORD.toCharArray())
        .knownHosts(knownHosts)
        .lanes(2)
        .build());
  }

  @Override
  protected ExpectedTree expectedTree() {
    return Trees.expected();
  }
}
