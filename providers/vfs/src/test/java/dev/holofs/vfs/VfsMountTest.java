package dev.holofs.vfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.holofs.Mount;
import dev.holofs.Projection;
import dev.holofs.spi.OpeningProvider;
import dev.holofs.testkit.KernelTests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real kernel mounts of sftp and tgz sources, read with ordinary file calls. */
class VfsMountTest {

  @TempDir
  static Path work;
  static Path served;
  static SftpServer server;
  static Path knownHosts;

  @TempDir
  Path tmp;

  @BeforeAll
  static void startServer() throws Exception {
    server = SftpServer.serveTree(work);
    served = server.served();
    knownHosts = server.knownHosts();
    Path readers = Files.createDirectories(served.resolve("readers"));
    for (int i = 0; i < 4; i++) {
      Files.write(readers.resolve("r" + i + ".bin"), Trees.random(3 << 20, 10 + i));
    }
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  private static VfsOptions.Builder sftp(String path) {
    return VfsOptions.builder(server.uri(path)).knownHosts(knownHosts)
        .password(SftpServer.PASSWORD.toCharArray()).silenceTimeout(Duration.ofSeconds(2));
  }

  /** Every file under {@code root} by relative path, with its bytes; directories as null. */
  private static Map<String, byte[]> read(Path root) throws IOException {
    Map<String, byte[]> seen = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        seen.put(root.relativize(p).toString(), Files.isDirectory(p) ? null : Files.readAllBytes(p));
      }
    }
    return seen;
  }

  private static void assertSameTree(Path mounted, Path source) throws IOException {
    Map<String, byte[]> expected = read(source);
    Map<String, byte[]> got = read(mounted);
    assertThat(got.keySet()).containsExactlyElementsOf(expected.keySet());
    expected.forEach((path, bytes) -> assertThat(got.get(path)).as(path).isEqualTo(bytes));
  }

  @Test
  void anSftpMountMatchesTheServedTreeByteForByte() throws Exception {
    KernelTests.requireFuse();
    Path mnt = Files.createDirectory(tmp.resolve("mnt"));
    try (VfsProvider provider = VfsProvider.open(sftp("tree").lanes(2).build());
        Mount mount = Projection.builder(provider).build().mount(mnt)) {
      assertSameTree(mnt, served.resolve("tree"));
    }
  }

  @Test
  void aTgzMountMatchesTheArchivedTreeByteForByte() throws Exception {
    KernelTests.requireFuse();
    Path archive = Archives.tar(tmp.resolve("tree.tgz"), true);
    Path mnt = Files.createDirectory(tmp.resolve("mnt"));
    try (VfsProvider provider = VfsProvider.open(VfsOptions.builder("tgz:" + archive.toUri()).build());
        Mount mount = Projection.builder(provider).build().mount(mnt)) {
      assertSameTree(mnt, served.resolve("tree"));
    }
  }

  @Test
  void concurrentReadersOnSeveralLanesGetTheirOwnBytes() throws Exception {
    KernelTests.requireFuse();
    Path mnt = Files.createDirectory(tmp.resolve("mnt"));
    int before = server.logins();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (VfsProvider provider = VfsProvider.open(sftp("readers").lanes(4).build());
        Mount mount = Projection.builder(provider).build().mount(mnt)) {
      // Each lane is a connection of its own.
      await().atMost(Duration.ofSeconds(60)).until(() -> server.logins() >= before + 4);
      CyclicBarrier start = new CyclicBarrier(4);
      List<Future<byte[]>> reads = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Path file = mnt.resolve("r" + i + ".bin");
        reads.add(pool.submit(() -> {
          start.await(60, TimeUnit.SECONDS);
          return Files.readAllBytes(file);
        }));
      }
      for (int i = 0; i < 4; i++) {
        assertThat(reads.get(i).get(120, TimeUnit.SECONDS)).as("r%d.bin", i)
            .isEqualTo(Files.readAllBytes(served.resolve("readers/r" + i + ".bin")));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aServerStoppedAndRestartedUnderAMountFailsReadsThenServesAgain() throws Exception {
    KernelTests.requireFuse();
    Path mnt = Files.createDirectory(tmp.resolve("mnt"));
    try (Relay relay = new Relay(server.port());
        VfsProvider provider = VfsProvider.open(VfsOptions.builder(SftpServer.uri(relay.port(), "tree"))
            .knownHosts(server.knownHosts(tmp.resolve("relay_known_hosts"), relay.port()))
            .password(SftpServer.PASSWORD.toCharArray()).lanes(1).build());
        Mount mount = Projection.builder(provider).build().mount(mnt)) {
      assertThat(Files.readAllBytes(mnt.resolve("readme.txt")))
          .isEqualTo(Files.readAllBytes(served.resolve("tree/readme.txt")));
      byte[] big = Files.readAllBytes(served.resolve("tree/data/big.bin"));
      relay.stop(); // the server goes away: connections drop, new ones are refused
      // Never read before, so the kernel has no page of it: the read reaches the provider.
      assertThatThrownBy(() -> Files.readAllBytes(mnt.resolve("data/big.bin")))
          .isInstanceOf(IOException.class);
      relay.start(); // back on the same port: the lane reconnects
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
          .until(() -> java.util.Arrays.equals(Files.readAllBytes(mnt.resolve("data/big.bin")), big));
      assertThat(Files.readAllBytes(mnt.resolve("docs/deep/er/leaf.bin")))
          .isEqualTo(Files.readAllBytes(served.resolve("tree/docs/deep/er/leaf.bin")));
    }
  }

  @Test
  void aMountMadeWhileTheSourceConnectsAnswersOnceConnected() throws Exception {
    KernelTests.requireFuse();
    Path mnt = Files.createDirectory(tmp.resolve("mnt"));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Relay relay = new Relay(server.port())) {
      relay.hold(); // the ssh login waits until start()
      try (OpeningProvider<VfsProvider> provider = VfsProvider.openInBackground(
              VfsOptions.builder(SftpServer.uri(relay.port(), "tree"))
                  .knownHosts(server.knownHosts(tmp.resolve("relay_known_hosts"), relay.port()))
                  .password(SftpServer.PASSWORD.toCharArray()).lanes(1).build());
          Mount mount = Projection.builder(provider).build().mount(mnt)) {
        Future<List<String>> listing = pool.submit(() -> names(mnt));
        assertThatThrownBy(() -> listing.get(1, TimeUnit.SECONDS)).as("listed before the login")
            .isInstanceOf(TimeoutException.class);
        relay.start();
        assertThat(listing.get(60, TimeUnit.SECONDS)).isEqualTo(names(served.resolve("tree")));
        assertThat(provider.awaitOpened().lanes()).isEqualTo(1);
        assertSameTree(mnt, served.resolve("tree"));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aMissingRootFailsRequestsAsUnavailableNotAbsent() throws Exception {
    KernelTests.requireFuse();
    Path mnt = Files.createDirectory(tmp.resolve("mnt"));
    try (OpeningProvider<VfsProvider> provider = VfsProvider.openInBackground(sftp("no-such-root").build());
        Mount mount = Projection.builder(provider).build().mount(mnt)) {
      assertThatThrownBy(provider::awaitOpened).isInstanceOf(NoSuchFileException.class);
      // EIO for every request, not ENOENT: "test -e" must not read an unopened source as empty
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> Files.readAttributes(mnt.resolve("a"), BasicFileAttributes.class))
            .isNotInstanceOf(NoSuchFileException.class).hasMessageContaining("Input/output error");
      }
      assertThatThrownBy(() -> names(mnt)).hasMessageContaining("Input/output error");
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
