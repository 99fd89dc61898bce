package dev.holofs.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.holofs.testkit.Driver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Large deflated entries: sequential, random and concurrent reads, checkpoints, small caches. */
class DeflatedReadTest {

  private static Path dir;
  private static Path zip;
  private static byte[] big;

  /** Text-like data with an incompressible stretch (stored blocks) in the middle. */
  static byte[] content(int size, long seed) {
    Random r = new Random(seed);
    String[] words = new String[500];
    for (int i = 0; i < words.length; i++) {
      words[i] = Integer.toString(r.nextInt(1 << 30), 36);
    }
    StringBuilder sb = new StringBuilder(size + 64);
    while (sb.length() < size) {
      sb.append(words[r.nextInt(words.length)]).append(r.nextInt(10) == 0 ? '\n' : ' ');
    }
    byte[] b = Arrays.copyOf(sb.toString().getBytes(StandardCharsets.US_ASCII), size);
    byte[] noise = new byte[Math.min(300_000, size / 4)];
    r.nextBytes(noise);
    System.arraycopy(noise, 0, b, size / 3, noise.length);
    return b;
  }

  @BeforeAll
  static void write() throws Exception {
    dir = Files.createTempDirectory("holofs-zip-deflate");
    zip = dir.resolve("big.zip");
    big = content(24 << 20, 7);
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("big.txt"));
      out.write(big);
      out.closeEntry();
    }
  }

  @AfterAll
  static void clean() throws Exception {
    Files.deleteIfExists(zip);
    Files.deleteIfExists(dir);
  }

  /** Room for checkpoints every 256 KiB of the 24 MiB entry, and 12 MiB of it inflated. */
  private static ZipOptions small() {
    return ZipOptions.defaults().withMaxInflaters(3).withChunkSize(64 << 10)
        .withCacheSize((16 << 20) + 3 * (256 << 10)).withCheckpointInterval(256 << 10);
  }

  @Test
  void sequentialThenRandomReadsMatchTheEntryAndUseCheckpoints() throws Exception {
    try (ZipProvider p = ZipProvider.open(zip, small()); Driver d = Driver.of(p)) {
      Bytes.same(d.readAll("big.txt", 128 << 10), big);
      long cps = p.checkpointBytes();
      assertThat(cps).as("one pass indexed the entry")
          .isGreaterThan(0).isLessThanOrEqualTo((long) (big.length / (256 << 10)) * 33_000);
      long passed = p.bytesInflated();
      Random r = new Random(3);
      for (int i = 0; i < 300; i++) {
        int off = r.nextInt(big.length);
        int len = 1 + r.nextInt(200_000);
        Bytes.same(d.read("big.txt", off, len), Arrays.copyOfRange(big, off, Math.min(big.length, off + len)));
      }
      // Each read inflates from a checkpoint (at most an interval and a block back), not from the
      // entry's start (12 MiB back on average): 300 reads of up to 200 KB stay under 300 x 1 MiB.
      assertThat(p.bytesInflated() - passed).as("reads start at checkpoints").isLessThan(300L << 20);
      // The limit is on idle inflaters: a read-ahead may still hold one more for a moment.
      await().atMost(Duration.ofSeconds(10)).until(() -> p.liveInflaters() <= 3);
    }
  }

  @Test
  void coldRandomReadsAndConcurrentReadersAgree() throws Exception {
    try (ZipProvider p = ZipProvider.open(zip, small()); Driver d = Driver.of(p)) {
      ExecutorService pool = Executors.newFixedThreadPool(5);
      try {
        List<Future<?>> jobs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          long seed = t;
          jobs.add(pool.submit(() -> {
            Random r = new Random(seed);
            for (int i = 0; i < 60; i++) {
              int off = r.nextInt(big.length);
              int len = 1 + r.nextInt(131072);
              Bytes.same(d.read("big.txt", off, len), Arrays.copyOfRange(big, off, Math.min(big.length, off + len)));
            }
            return null;
          }));
        }
        jobs.add(pool.submit(() -> {
          Bytes.same(d.readAll("big.txt", 100_000), big);
          return null;
        }));
        for (Future<?> f : jobs) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void withoutCheckpointsZlibAloneServesReads() throws Exception {
    ZipOptions o = small().withCheckpointInterval(0);
    try (ZipProvider p = ZipProvider.open(zip, o); Driver d = Driver.of(p)) {
      Bytes.same(d.read("big.txt", big.length - 1000, 4096), Arrays.copyOfRange(big, big.length - 1000, big.length));
      Bytes.same(d.readAll("big.txt", 1 << 20), big);
      assertThat(p.checkpointBytes()).isZero();
    }
  }

  /** Every block kind the Java inflater must decode: stored, fixed, dynamic, Huffman-only, RLE. */
  @ParameterizedTest
  @ValueSource(strings = {"0:0", "1:0", "6:0", "9:0", "6:2", "1:2", "9:1"})
  void theJavaInflaterAndZlibRestartsAgreeForEveryDeflateStyle(String style) throws Exception {
    int level = Integer.parseInt(style.split(":")[0]);
    int strategy = Integer.parseInt(style.split(":")[1]);
    byte[] data = content(3 << 20, level * 31L + strategy);
    Deflater def = new Deflater(level, true);
    def.setStrategy(strategy);
    def.setInput(data);
    def.finish();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] buf = new byte[1 << 16];
    // Small output steps and a few syncs make many short blocks, some with few bits.
    int steps = 0;
    while (!def.finished()) {
      int n = def.deflate(buf, 0, buf.length, ++steps % 7 == 0 ? Deflater.SYNC_FLUSH : Deflater.NO_FLUSH);
      out.write(buf, 0, n);
    }
    def.end();
    HandZip z = new HandZip();
    z.add("x".getBytes(StandardCharsets.US_ASCII), data, 8, out.toByteArray(), data.length);
    Path file = z.write(dir.resolve("style.zip"));
    ZipOptions o = ZipOptions.defaults().withMaxInflaters(2).withChunkSize(16 << 10)
        .withCacheSize(1 << 20).withCheckpointInterval(64 << 10);
    try (ZipProvider p = ZipProvider.open(file, o); Driver d = Driver.of(p)) {
      Bytes.same(d.readAll("x", 50_000), data);
      Random r = new Random(level);
      for (int i = 0; i < 100; i++) {
        int off = r.nextInt(data.length);
        Bytes.same(d.read("x", off, 5000), Arrays.copyOfRange(data, off, Math.min(data.length, off + 5000)));
      }
    } finally {
      Files.delete(file);
    }
  }
}
