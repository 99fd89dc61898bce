package dev.holofs.vfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.holofs.testkit.Driver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an sftp source costs the server, counted at the server: channels (sftp sessions) opened
 * once per lane and reused, a random read of an open file one READ, a file changed under an open
 * reader failing the read instead of mixing versions.
 */
class SftpRequestsTest {

  private static final int SIZE = 1 << 20;

  @TempDir
  static Path work;
  static SftpServer server;
  static byte[] big;

  @BeforeAll
  static void startServer() throws Exception {
    server = SftpServer.serveTree(work);
    Path dir = Files.createDirectories(server.served().resolve("counted"));
    big = new byte[SIZE];
    new Random(7).nextBytes(big);
    Files.write(dir.resolve("big.bin"), big);
    for (int i = 0; i < 20; i++) {
      Path sub = Files.createDirectories(dir.resolve("d" + i));
      Files.writeString(sub.resolve("f.txt"), "file " + i);
    }
    Path walked = Files.createDirectories(server.served().resolve("walked"));
    for (int i = 0; i < 40; i++) {
      Files.writeString(walked.resolve(String.format("f%02d.txt", i)), "small file " + i);
      Files.createDirectories(walked.resolve(String.format("sub%02d", i)));
    }
    Path walkedLarger = Files.createDirectories(server.served().resolve("walked-larger"));
    for (int i = 0; i < 24; i++) {
      Files.write(walkedLarger.resolve(String.format("f%02d.bin", i)), larger(i));
    }
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  /** Handles stay open longer than any pause of a loaded machine: the counts stay exact. */
  private static final Duration LONG_IDLE = Duration.ofMinutes(10);

  private static VfsProvider open(int lanes, Duration metadataTimeout) throws IOException {
    return open(lanes, metadataTimeout, LONG_IDLE);
  }

  private static VfsProvider open(int lanes, Duration metadataTimeout, Duration idle)
      throws IOException {
    return VfsProvider.open(VfsOptions.builder(server.uri("counted")).knownHosts(server.knownHosts())
        .password(SftpServer.PASSWORD.toCharArray()).lanes(lanes).metadataTimeout(metadataTimeout)
        .idleHandleTimeout(idle).build());
  }

  @Test
  void eachLaneOpensOneChannelAndKeepsIt() throws Exception {
    int before = server.sftpSessions();
    try (VfsProvider provider = open(2, Duration.ZERO); Driver driver = Driver.of(provider)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> server.sftpSessions() >= before + 2);
      for (int round = 0; round < 3; round++) { // nothing cached (timeout 0): every call goes out
        for (int i = 0; i < 20; i++) {
          assertThat(driver.list("d" + i)).hasSize(1);
          assertThat(new String(driver.readAll("d" + i + "/f.txt"))).isEqualTo("file " + i);
        }
        assertThat(driver.readAll("big.bin")).isEqualTo(big);
      }
      assertThat(server.sftpSessions()).isEqualTo(before + 2);
    }
  }

  @Test
  void aRandomReadOfAnOpenFileIsOneRead() throws Exception {
    try (VfsProvider provider = open(1, Duration.ofMinutes(1)); Driver driver = Driver.of(provider)) {
      driver.lookup("big.bin");
      assertThat(driver.read("big.bin", 0, 4096)).isEqualTo(Arrays.copyOfRange(big, 0, 4096));
      int opens = server.fileOpens();
      int reads = server.reads();
      Random random = new Random(11);
      for (int i = 0, last = 0; i < 50; i++) {
        int offset = random.nextInt(SIZE / 4096) * 4096;
        if (offset == last + 4096) {
          offset = (offset + 3 * 4096) % SIZE; // never where the last read ended: not sequential
        }
        last = offset;
        assertThat(driver.read("big.bin", offset, 4096))
            .isEqualTo(Arrays.copyOfRange(big, offset, offset + 4096));
      }
      assertThat(server.reads() - reads).isEqualTo(50);
      assertThat(server.fileOpens()).isEqualTo(opens);
    }
  }

  @Test
  void aSequentialReaderGetsEveryByteOnce() throws Exception {
    try (VfsProvider provider = open(1, Duration.ofMinutes(1)); Driver driver = Driver.of(provider)) {
      driver.lookup("big.bin");
      assertThat(driver.readAll("big.bin", 128 * 1024)).isEqualTo(big);
      // Again, now that the provider knows how much the server gives per READ: read-ahead sends
      // only READs the reader then takes; nothing is read twice.
      driver.lookup("big.bin");
      int reads = server.reads();
      assertThat(driver.readAll("big.bin", 128 * 1024)).isEqualTo(big);
      int piece = 128 * 1024;
      int perPiece = (piece + server.maxReadLength() - 1) / server.maxReadLength();
      int expected = SIZE / piece * perPiece;
      assertThat(server.reads() - reads).isBetween(expected, expected + perPiece);
    }
  }

  @Test
  void aReaderThatStopsEarlyLeavesNoHandleOpenOnTheServer() throws Exception {
    Files.write(server.served().resolve("counted/early.bin"), big);
    try (VfsProvider provider = open(1, Duration.ofMinutes(1), Duration.ofMillis(150));
        Driver driver = Driver.of(provider)) {
      driver.lookup("early.bin");
      int piece = 128 * 1024;
      for (int offset = 0; offset < 3 * piece; offset += piece) { // sequential: reads ahead
        assertThat(driver.read("early.bin", offset, piece))
            .isEqualTo(Arrays.copyOfRange(big, offset, offset + piece));
      }
      // The reader stops far from the end (as head does): the handle closes once idle (here
      // 150 ms; it may already have between two reads of a loaded machine, then the next one
      // reopened it), and the reads sent ahead for it are given up with it.
      await().atMost(Duration.ofSeconds(60)).until(() -> server.openHandles("early.bin") == 0);
      assertThat(provider.readAheadBytes()).isZero();
      assertThat(driver.read("early.bin", 3 * piece, 4096))
          .isEqualTo(Arrays.copyOfRange(big, 3 * piece, 3 * piece + 4096));
    }
  }

  @Test
  void aWalkIsFetchedAheadAndEachItemFetchedOnce() throws Exception {
    try (VfsProvider provider = VfsProvider.open(VfsOptions.builder(server.uri("walked"))
            .knownHosts(server.knownHosts()).password(SftpServer.PASSWORD.toCharArray()).lanes(2)
            .metadataTimeout(Duration.ofMinutes(1)).idleHandleTimeout(LONG_IDLE).build());
        Driver driver = Driver.of(provider)) {
      assertThat(driver.list("")).hasSize(80);
      int files = server.fileOpens();
      int dirs = server.dirOpens();
      // Two files read in listing order: a walk. The next ones are fetched before they are asked for.
      assertThat(new String(driver.readAll("f00.txt"))).isEqualTo("small file 0");
      assertThat(new String(driver.readAll("f01.txt"))).isEqualTo("small file 1");
      await().atMost(Duration.ofSeconds(60)).until(() -> server.fileOpens() >= files + 10);
      for (int i = 2; i < 40; i++) {
        assertThat(new String(driver.readAll(String.format("f%02d.txt", i))))
            .isEqualTo("small file " + i);
      }
      assertThat(server.fileOpens() - files).isEqualTo(40); // none fetched twice
      // A subdirectory listed: the next ones are listed before they are asked for.
      assertThat(driver.list("sub00")).isEmpty();
      await().atMost(Duration.ofSeconds(60)).until(() -> server.dirOpens() >= dirs + 10);
      for (int i = 1; i < 40; i++) {
        assertThat(driver.list(String.format("sub%02d", i))).isEmpty();
      }
      assertThat(server.dirOpens() - dirs).isEqualTo(40);
    }
  }

  /** ~200 KiB of bytes particular to file {@code i}: more than one read of the walker. */
  private static byte[] larger(int i) {
    byte[] bytes = new byte[200 * 1024 + i];
    new Random(100 + i).nextBytes(bytes);
    return bytes;
  }

  @Test
  void aWalkOfFilesLargerThanOneReadReadsEveryByte() throws Exception {
    // Each file takes several reads: a file the walker claims before the read-ahead starts it must
    // not leave its later reads waiting for a fetch no one makes (they waited 30 s each). After
    // two files in order (a walk: the next 16 are queued) the walker jumps to the last one queued
    // and goes back, so it likely claims files the read-ahead has not started yet.
    try (VfsProvider provider = VfsProvider.open(VfsOptions.builder(server.uri("walked-larger"))
            .knownHosts(server.knownHosts()).password(SftpServer.PASSWORD.toCharArray()).lanes(2)
            .metadataTimeout(Duration.ofMinutes(1)).idleHandleTimeout(LONG_IDLE).build());
        Driver driver = Driver.of(provider)) {
      assertThat(driver.list("")).hasSize(24);
      List<Integer> order = new ArrayList<>(List.of(0, 1));
      for (int i = 17; i >= 2; i--) {
        order.add(i);
      }
      for (int i = 18; i < 24; i++) {
        order.add(i);
      }
      for (int i : order) {
        assertThat(driver.readAll(String.format("f%02d.bin", i), 64 * 1024)).isEqualTo(larger(i));
      }
    }
  }

  @Test
  void aFileChangedUnderAnOpenReaderFailsTheReadThenTheNewVersionReads() throws Exception {
    Path served = server.served().resolve("counted/changing.bin");
    byte[] first = new byte[256 * 1024];
    Arrays.fill(first, (byte) 'a');
    Files.write(served, first);
    Files.setLastModifiedTime(served, FileTime.fromMillis(1_700_000_000_000L));
    try (VfsProvider provider = open(1, Duration.ZERO); Driver driver = Driver.of(provider)) {
      driver.lookup("changing.bin");
      assertThat(driver.read("changing.bin", 0, 4096)).containsOnly('a');
      byte[] second = new byte[256 * 1024];
      Arrays.fill(second, (byte) 'b');
      Files.write(served, second); // same size, rewritten in place: the open handle sees it
      Files.setLastModifiedTime(served, FileTime.fromMillis(1_700_000_100_000L));
      assertThatThrownBy(() -> driver.read("changing.bin", 8192, 4096))
          .isInstanceOf(IOException.class).hasMessageContaining("changed since it was listed");
      driver.lookup("changing.bin"); // the new version, as after the kernel looks it up again
      assertThat(driver.read("changing.bin", 8192, 4096)).containsOnly('b');
    }
  }

  @Test
  void withACacheTimeoutAFileChangedUnderAnOpenReaderFailsTheFirstReadAfterTheBound()
      throws Exception {
    Path served = server.served().resolve("counted/rewritten.bin");
    byte[] first = new byte[512 * 1024]; // larger than a walk fetches ahead
    Arrays.fill(first, (byte) 'a');
    Files.write(served, first);
    Files.setLastModifiedTime(served, FileTime.fromMillis(1_700_000_000_000L));
    try (VfsProvider provider = open(1, Duration.ofMinutes(10));
        Driver driver = Driver.of(provider)) {
      driver.lookup("rewritten.bin");
      assertThat(driver.read("rewritten.bin", 0, 4096)).containsOnly('a');
      long checked = System.nanoTime(); // after the open, which checked the version
      byte[] second = new byte[first.length];
      Arrays.fill(second, (byte) 'b');
      Files.write(served, second); // same size, rewritten in place: the open handle sees it
      Files.setLastModifiedTime(served, FileTime.fromMillis(1_700_000_100_000L));
      // Listings are trusted for 10 minutes, a handle's version for at most MAX_TRUST: the first
      // read past it asks again and fails, whatever the handle would now return.
      await().pollDelay(Duration.ZERO).atMost(Duration.ofSeconds(60))
          .until(() -> System.nanoTime() - checked > SftpSource.MAX_TRUST.toNanos());
      assertThatThrownBy(() -> driver.read("rewritten.bin", 8192, 4096))
          .isInstanceOf(IOException.class).hasMessageContaining("changed since it was listed");
      // Nor does a later read of the version listed (a new handle's open checks it too).
      assertThatThrownBy(() -> driver.read("rewritten.bin", 0, 4096))
          .isInstanceOf(IOException.class).hasMessageContaining("changed since it was listed");
    }
  }
}
