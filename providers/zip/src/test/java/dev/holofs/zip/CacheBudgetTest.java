package dev.holofs.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.holofs.spi.ProjectedPath;
import dev.holofs.testkit.Driver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zip provider's memory stays inside {@link ZipOptions#cacheSize()}, whatever is read. */
class CacheBudgetTest {

  @TempDir Path tmp;

  @Test
  void theBudgetIsSplitWithoutRemainder() throws Exception {
    ZipOptions o = ZipOptions.defaults();
    assertThat(o.cacheSize()).isEqualTo(24L << 20);
    HandZip z = new HandZip();
    z.deflated("a.txt", DeflatedReadTest.content(1000, 1));
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("split.zip")), o)) {
      // What the provider made of the budget: its cache, restart points and inflaters.
      long inflaters = (long) o.maxInflaters() * ZipOptions.INFLATER_BYTES;
      assertThat(p.cache().capacity() + o.checkpointCacheSize() + inflaters).isEqualTo(o.cacheSize());
      assertThat(o.checkpointCacheSize()).isPositive().isLessThan(p.cache().capacity());
    }
    assertThatThrownBy(() -> ZipOptions.defaults().withCacheSize(512 << 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too small");
    assertThatThrownBy(() -> ZipOptions.defaults().withCacheSize(1 << 20))
        .as("four inflaters take all of 1 MiB").isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readingMoreThanTheCacheHoldsNeverTakesMoreThanItsBudget() throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    Random r = new Random(11);
    HandZip z = new HandZip();
    for (int i = 0; i < 40; i++) {
      byte[] b = DeflatedReadTest.content(20_000 + r.nextInt(300_000), i);
      files.put("src/f" + i + ".txt", b);
      z.deflated("src/f" + i + ".txt", b);
    }
    byte[] large = DeflatedReadTest.content(6 << 20, 99);
    files.put("large.log", large);
    z.deflated("large.log", large);
    ZipOptions o = ZipOptions.defaults().withMaxInflaters(2).withCacheSize(2 << 20);
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("a.zip")), o); Driver d = Driver.of(p)) {
      EntryCache cache = p.cache();
      assertThat(cache.capacity() + o.checkpointCacheSize() + 2L * ZipOptions.INFLATER_BYTES)
          .isEqualTo(2 << 20);
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        Bytes.same(d.readAll(f.getKey(), 128 << 10), f.getValue());
        atRest(p);
        assertThat(cache.weight()).as("after %s", f.getKey()).isLessThanOrEqualTo(cache.capacity());
        assertThat(p.checkpointBytes()).isLessThanOrEqualTo(o.checkpointCacheSize());
      }
      String[] names = files.keySet().toArray(new String[0]);
      for (int i = 0; i < 200; i++) {
        String name = names[r.nextInt(names.length)];
        byte[] want = files.get(name);
        int off = r.nextInt(want.length);
        Bytes.same(d.read(name, off, 4096), Arrays.copyOfRange(want, off, Math.min(want.length, off + 4096)));
        atRest(p);
        assertThat(cache.weight()).isLessThanOrEqualTo(cache.capacity());
        assertThat(cache.chunkWeight()).isLessThanOrEqualTo(cache.chunkCapacity());
      }
      assertThat(p.liveInflaters()).isLessThanOrEqualTo(2 + 1); // idle ones, and a read-ahead's
    }
  }

  /**
   * Waits until nothing inflates ahead: the cache's weight is summed by walking it, and a walk or
   * read ahead inserting and evicting meanwhile would have it count entries that never were there
   * at once (the cache itself evicts under its lock, before each insertion returns).
   */
  private static void atRest(ZipProvider p) {
    // Polled often: the tests weigh the cache at rest hundreds of times (the default poll, 100 ms,
    // made each take 15-25 s).
    await().atMost(Duration.ofMinutes(1)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
        .until(() -> p.walkAhead().quiet() && p.readAheadQuiet());
  }

  @Test
  void aRandomReadCrossingIntoTheNextChunkReadsNothingAhead() throws Exception {
    HandZip z = new HandZip();
    byte[] big = DeflatedReadTest.content(4 << 20, 71);
    z.deflated("big.log", big);
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("big.zip"))); Driver d = Driver.of(p)) {
      FileEntry f = p.fileForTest(ProjectedPath.of("big.log"));
      long chunk = ZipOptions.defaults().chunkSize();
      // The kernel's read-ahead around a random 4 KiB pread often crosses into the next chunk.
      int off = (int) (21 * chunk - 4096);
      Bytes.same(d.read("big.log", off, 8192), Arrays.copyOfRange(big, off, off + 8192));
      atRest(p);
      assertThat(p.cache().chunk(f, 22)).as("a chunk read ahead for a random reader").isNull();
      // A read starting in the chunk after the last one read is sequential: read ahead of it.
      off = (int) (22 * chunk);
      Bytes.same(d.read("big.log", off, 65536), Arrays.copyOfRange(big, off, off + 65536));
      atRest(p);
      assertThat(p.cache().chunk(f, 23)).as("the next chunk, read ahead").isNotNull();
    }
  }

  @Test
  void aRandomReaderOfAHugeEntryLeavesTheWholeEntriesCached() throws Exception {
    HandZip z = new HandZip();
    byte[][] small = new byte[8][];
    for (int i = 0; i < small.length; i++) {
      small[i] = DeflatedReadTest.content(400_000, 60 + i);
      z.deflated("src/f" + i, small[i]);
    }
    byte[] huge = DeflatedReadTest.content(16 << 20, 70);
    z.deflated("huge.log", huge);
    ZipOptions o = ZipOptions.defaults().withCacheSize(8L << 20);
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("mixed.zip")), o);
        Driver d = Driver.of(p)) {
      EntryCache cache = p.cache();
      // A random reader of the small entries: each is inflated whole and stays for it.
      Random r = new Random(13);
      for (int i = 0; i < small.length; i++) {
        int off = r.nextInt(small[i].length - 4096);
        Bytes.same(d.read("src/f" + i, off, 4096), Arrays.copyOfRange(small[i], off, off + 4096));
      }
      // Another over the huge entry: its chunks (and the two before each) come to far more than
      // the whole cache, but stay in their share (weighed at rest: a read crossing into the next
      // chunk starts a read-ahead).
      for (int i = 0; i < 150; i++) {
        int off = r.nextInt(huge.length - 4096);
        Bytes.same(d.read("huge.log", off, 4096), Arrays.copyOfRange(huge, off, off + 4096));
        atRest(p);
        assertThat(cache.chunkWeight()).isLessThanOrEqualTo(cache.chunkCapacity());
      }
      assertThat(cache.chunkCapacity()).isLessThan(cache.capacity() / 4);
      assertThat(cache.weight()).isLessThanOrEqualTo(cache.capacity());
      for (int i = 0; i < small.length; i++) {
        assertThat(cached(p, "src/f" + i)).as("src/f%d", i).isTrue();
      }
      for (int i = 0; i < small.length; i++) {
        Bytes.same(d.readAll("src/f" + i, 64 << 10), small[i]);
      }
    }
  }

  @Test
  void aHugeEntryIsServedWithBoundedMemory() throws Exception {
    byte[] huge = DeflatedReadTest.content(40 << 20, 3);
    HandZip z = new HandZip();
    z.deflated("huge.txt", huge);
    ZipOptions o = ZipOptions.defaults().withMaxInflaters(1).withCacheSize(2 << 20);
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("huge.zip")), o); Driver d = Driver.of(p)) {
      Bytes.same(d.readAll("huge.txt", 128 << 10), huge);
      assertThat(p.cache().weight()).isLessThanOrEqualTo(p.cache().capacity());
      assertThat(p.checkpointBytes()).as("restart points along the entry, in their share")
          .isPositive().isLessThanOrEqualTo(o.checkpointCacheSize());
      long before = p.bytesInflated();
      Random r = new Random(5);
      for (int i = 0; i < 40; i++) {
        int off = r.nextInt(huge.length);
        Bytes.same(d.read("huge.txt", off, 4096), Arrays.copyOfRange(huge, off, Math.min(huge.length, off + 4096)));
      }
      // Restart points span the whole entry, however few fit: no read inflates from its start
      // (20 MiB back on average, 800 MiB for 40 reads).
      assertThat(p.bytesInflated() - before).isLessThan(40L * (6 << 20));
      assertThat(p.cache().weight()).isLessThanOrEqualTo(p.cache().capacity());
    }
  }

  @Test
  void restartPointsOutgrowingTheirShareThinOutEvenlyOverEveryEntry() throws Exception {
    HandZip z = new HandZip();
    byte[][] logs = new byte[3][];
    for (int i = 0; i < logs.length; i++) {
      logs[i] = DeflatedReadTest.content(8 << 20, 40 + i);
      z.deflated("log" + i, logs[i]);
    }
    ZipOptions o = ZipOptions.defaults().withMaxInflaters(1).withCacheSize(2 << 20);
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("logs.zip")), o); Driver d = Driver.of(p)) {
      for (int i = 0; i < logs.length; i++) {
        Bytes.same(d.readAll("log" + i, 256 << 10), logs[i]);
        assertThat(p.checkpointBytes()).isLessThanOrEqualTo(o.checkpointCacheSize());
      }
      long spacing = p.checkpointSpacing();
      assertThat(spacing).as("24 MiB do not fit at 128 KiB: the spacing grew")
          .isGreaterThan(o.checkpointInterval());
      long before = p.bytesInflated();
      Random r = new Random(9);
      for (int k = 0; k < 60; k++) {
        int i = k % logs.length; // the first entry indexed keeps points as the last one does
        int off = r.nextInt(logs[i].length);
        Bytes.same(d.read("log" + i, off, 4096),
            Arrays.copyOfRange(logs[i], off, Math.min(logs[i].length, off + 4096)));
      }
      // Each read inflates from a point at most a spacing (and a block) before its chunk.
      assertThat(p.bytesInflated() - before).isLessThan(60 * (spacing + (1 << 20)));
    }
  }

  @Test
  void anEntryReadThroughInOrderLeavesTheCacheAndOneReadOtherwiseStays() throws Exception {
    HandZip z = new HandZip();
    byte[] text = DeflatedReadTest.content(300_000, 12);
    for (String name : new String[] {"through.txt", "jumped.txt", "half.txt"}) {
      z.deflated(name, text);
    }
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("once.zip"))); Driver d = Driver.of(p)) {
      // As cat or grep read: from the start to the end, each read where the last one ended. The
      // kernel keeps those pages: a copy in the cache would only take room.
      Bytes.same(d.readAll("through.txt", 64 << 10), text);
      assertThat(cached(p, "through.txt")).isFalse();
      // A random reader comes back: what it read stays, even once all of it has been read.
      Bytes.same(d.read("jumped.txt", 200_000, 4096), Arrays.copyOfRange(text, 200_000, 204_096));
      Bytes.same(d.readAll("jumped.txt", 64 << 10), text);
      assertThat(cached(p, "jumped.txt")).isTrue();
      Bytes.same(d.read("half.txt", 0, 150_000), Arrays.copyOf(text, 150_000));
      assertThat(cached(p, "half.txt")).isTrue();
      // Read through, dropped, read again: inflated again, the same bytes.
      Bytes.same(d.readAll("through.txt", 64 << 10), text);
    }
  }

  @Test
  void aFileReadThroughKeepsNoReadStateAndReadsTheSameAgain() throws Exception {
    HandZip z = new HandZip();
    byte[] text = DeflatedReadTest.content(300_000, 13);
    z.deflated("deflated.txt", text);
    z.stored("stored.bin", text);
    z.deflated("jumped.txt", text);
    z.deflated("damaged.txt", text).crc ^= 0x40;
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("states.zip"))); Driver d = Driver.of(p)) {
      for (String name : new String[] {"deflated.txt", "stored.bin"}) {
        Bytes.same(d.readAll(name, 64 << 10), text);
        assertThat(p.keepsReadState(ProjectedPath.of(name))).as(name).isFalse();
        Bytes.same(d.readAll(name, 64 << 10), text); // a new state, the same bytes
      }
      // Read out of order: the reader may come back, and the state is kept.
      Bytes.same(d.read("jumped.txt", 200_000, 4096), Arrays.copyOfRange(text, 200_000, 204_096));
      Bytes.same(d.readAll("jumped.txt", 64 << 10), text);
      assertThat(p.keepsReadState(ProjectedPath.of("jumped.txt"))).isTrue();
      // A failed entry keeps its failure, and every later read hears it.
      assertThat(catchThrowable(() -> d.readAll("damaged.txt", 64 << 10)))
          .hasMessageContaining("CRC mismatch");
      assertThat(p.keepsReadState(ProjectedPath.of("damaged.txt"))).isTrue();
      assertThat(catchThrowable(() -> d.read("damaged.txt", 0, 4096)))
          .hasMessageContaining("CRC mismatch");
    }
  }

  @Test
  void aLargeEntryReadInOrderLeavesItsChunksToTheKernel() throws Exception {
    HandZip z = new HandZip();
    byte[] large = DeflatedReadTest.content(4 << 20, 21);
    z.deflated("large.log", large);
    z.deflated("random.log", large);
    ZipOptions o = ZipOptions.defaults().withCacheSize(32L << 20);
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("large.zip")), o); Driver d = Driver.of(p)) {
      Bytes.same(d.readAll("large.log", 128 << 10), large);
      // Only chunks inflated ahead and not yet read may stay: not the 64 chunks read.
      assertThat(p.cache().weight()).isLessThan(16L * (o.chunkSize() + EntryCache.OVERHEAD));
      // Chunks a random reader had stay for it.
      for (int at : new int[] {3_000_000, 1_000_000, 2_000_000}) {
        Bytes.same(d.read("random.log", at, 4096), Arrays.copyOfRange(large, at, at + 4096));
      }
      FileEntry random = p.fileForTest(ProjectedPath.of("random.log"));
      for (int at : new int[] {3_000_000, 1_000_000, 2_000_000}) {
        assertThat(p.cache().chunk(random, at / o.chunkSize())).isNotNull();
      }
    }
  }

  @Test
  void aRandomReadIntoALargeEntryCachesLittleOfWhatItPassed() throws Exception {
    HandZip z = new HandZip();
    byte[] large = DeflatedReadTest.content(8 << 20, 22);
    z.deflated("large.log", large);
    ZipOptions o = ZipOptions.defaults();
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("far.zip")), o); Driver d = Driver.of(p)) {
      int at = 6 << 20;
      Bytes.same(d.read("large.log", at, 4096), Arrays.copyOfRange(large, at, at + 4096));
      // Inflated from the start to get there: only the target and the two chunks before it stay.
      assertThat(p.cache().weight()).isLessThanOrEqualTo(3L * (o.chunkSize() + EntryCache.OVERHEAD));
    }
  }

  @Test
  void aChunkWhoseStartIsServedLaterIsNotInflatedTwice() throws Exception {
    HandZip z = new HandZip();
    byte[] large = DeflatedReadTest.content(4 << 20, 23);
    z.deflated("large.log", large);
    ZipOptions o = ZipOptions.defaults();
    int half = o.chunkSize() / 2;
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("reordered.zip")), o);
        Driver d = Driver.of(p)) {
      // Two requests of an in-order reader, handled in the other order (FUSE reads concurrently).
      Bytes.same(d.read("large.log", half, half), Arrays.copyOfRange(large, half, 2 * half));
      long inflated = p.bytesInflated();
      Bytes.same(d.read("large.log", 0, half), Arrays.copyOf(large, half));
      assertThat(p.bytesInflated() - inflated).isLessThan(o.chunkSize());
    }
  }

  @Test
  void readsInOrderAfterASwappedPairStillLeaveTheirChunks() throws Exception {
    HandZip z = new HandZip();
    byte[] large = DeflatedReadTest.content(4 << 20, 25);
    z.deflated("large.log", large);
    ZipOptions o = ZipOptions.defaults();
    int half = o.chunkSize() / 2;
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("swapped.zip")), o);
        Driver d = Driver.of(p)) {
      // An in-order reader's first two requests handled in the other order, then the rest in order.
      for (int at : new int[] {half, 0, 2 * half, 3 * half}) {
        Bytes.same(d.read("large.log", at, half), Arrays.copyOfRange(large, at, at + half));
      }
      // Chunk 1 was served whole, every byte before it too: the kernel has it (read-ahead starts
      // at chunk 2, so nothing brings it back).
      assertThat(p.cache().chunk(p.fileForTest(ProjectedPath.of("large.log")), 1)).isNull();
    }
  }

  @Test
  void aRandomReadEndingOnAChunkBoundaryKeepsItsChunk() throws Exception {
    HandZip z = new HandZip();
    byte[] large = DeflatedReadTest.content(4 << 20, 24);
    z.deflated("large.log", large);
    ZipOptions o = ZipOptions.defaults();
    int cs = o.chunkSize();
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("boundary.zip")), o);
        Driver d = Driver.of(p)) {
      for (int at : new int[] {cs + 8192, 2 * cs - 4096, cs - 4096}) { // twice into chunk 1, then 0
        Bytes.same(d.read("large.log", at, 4096), Arrays.copyOfRange(large, at, at + 4096));
      }
      FileEntry file = p.fileForTest(ProjectedPath.of("large.log"));
      assertThat(p.cache().chunk(file, 1)).isNotNull();
      assertThat(p.cache().chunk(file, 0)).isNotNull();
    }
  }

  private static boolean cached(ZipProvider p, String path) {
    return p.cache().whole(p.fileForTest(ProjectedPath.of(path))) != null;
  }

  @Test
  void anEntryInflatedWholeWithAWrongCrcFailsEveryRead() throws Exception {
    HandZip z = new HandZip();
    byte[] text = DeflatedReadTest.content(300_000, 8);
    z.deflated("medium.txt", text).crc ^= 0x40;
    z.deflated("fine.txt", text);
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("crc.zip"))); Driver d = Driver.of(p)) {
      assertThat(catchThrowable(() -> d.read("medium.txt", 100_000, 4096)))
          .isInstanceOf(IOException.class).hasMessageContaining("CRC mismatch");
      assertThat(catchThrowable(() -> d.read("medium.txt", 0, 4096)))
          .isInstanceOf(IOException.class).hasMessageContaining("CRC mismatch");
      assertThat(p.cache().weight()).as("nothing of it cached").isZero();
      Bytes.same(d.readAll("fine.txt"), text);
    }
  }
}
