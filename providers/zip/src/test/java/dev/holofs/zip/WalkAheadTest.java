package dev.holofs.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.holofs.spi.ProjectedPath;
import dev.holofs.testkit.Driver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entries are inflated ahead of a reader walking the files in listing order, and of no other. */
class WalkAheadTest {

  private static final Duration LONG = Duration.ofSeconds(30);

  @TempDir Path tmp;
  /** Paths in listing order (depth first, byte order), and their bytes. */
  private final Map<String, byte[]> files = new TreeMap<>();
  private final List<String> order = new ArrayList<>();
  private Path zip;

  @BeforeEach
  void archive() throws IOException {
    HandZip z = new HandZip();
    for (String dir : new String[] {"a", "a/inner", "b"}) {
      for (int i = 0; i < 12; i++) {
        String name = dir + "/f" + (char) ('a' + i) + ".c";
        byte[] b = DeflatedReadTest.content(3000 + 997 * i, name.hashCode());
        files.put(name, b);
        z.deflated(name, b);
      }
    }
    // Depth first: a's files come around a/inner (its name sorts between them), then b's.
    for (String name : files.keySet()) {
      if (name.startsWith("a/") && !name.startsWith("a/inner/")) {
        order.add(name);
      }
    }
    files.keySet().stream().filter(n -> n.startsWith("a/inner/")).forEach(order::add);
    files.keySet().stream().filter(n -> n.startsWith("b/")).forEach(order::add);
    z.deflated("corrupt/x.c", DeflatedReadTest.content(5000, 1)).crc ^= 1;
    zip = z.write(tmp.resolve("walk.zip"));
  }

  private boolean cached(ZipProvider p, String path) {
    return p.cache().whole(p.fileForTest(ProjectedPath.of(path))) != null;
  }

  @Test
  void theWalkIsDepthFirstInListingOrder() throws Exception {
    try (ZipProvider p = ZipProvider.open(zip)) {
      List<String> expected = new ArrayList<>(order);
      expected.add("corrupt/x.c");
      assertThat(p.walkForTest()).isEqualTo(expected);
    }
  }

  @Test
  void aListingOrderReaderIsServedFromEntriesInflatedAhead() throws Exception {
    try (ZipProvider p = ZipProvider.open(zip); Driver d = Driver.of(p)) {
      WalkAhead ahead = p.walkAhead();
      Bytes.same(d.readAll(order.get(0)), files.get(order.get(0)));
      Bytes.same(d.readAll(order.get(1)), files.get(order.get(1)));
      // A file after the one before it: the next ones are inflated on the background thread.
      // Once the seventh is cached, the third to sixth are counted as ahead (one thread, in order).
      await().atMost(LONG).until(() -> cached(p, order.get(6)));
      for (int i = 2; i < order.size(); i++) {
        Bytes.same(d.readAll(order.get(i)), files.get(order.get(i)));
      }
      assertThat(ahead.served()).as("entries read that were inflated ahead").isGreaterThanOrEqualTo(4);
      assertThat(ahead.inflatedAhead()).isGreaterThanOrEqualTo(ahead.served());
    }
  }

  @Test
  void aRandomReaderDoesNotTriggerIt() throws Exception {
    try (ZipProvider p = ZipProvider.open(zip); Driver d = Driver.of(p)) {
      // Never two files one shortly after the other in listing order.
      int[] jumps = {30, 2, 25, 11, 0, 20, 35, 14, 5, 28, 18};
      for (int i : jumps) {
        Bytes.same(d.readAll(order.get(i)), files.get(order.get(i)));
      }
      assertThat(p.walkAhead().running()).isFalse();
      assertThat(p.walkAhead().inflatedAhead()).isZero();
      assertThat(cached(p, order.get(31))).isFalse();
    }
  }

  @Test
  void aReaderGoingElsewhereStopsItAndWhatItInflatedIsDropped() throws Exception {
    try (ZipProvider p = ZipProvider.open(zip); Driver d = Driver.of(p)) {
      d.readAll(order.get(0));
      d.readAll(order.get(1));
      await().atMost(LONG).until(() -> cached(p, order.get(4)));
      d.read(order.get(30), 0, 4096); // out of order
      assertThat(p.walkAhead().running()).isFalse();
      // The work in flight sees the cancel and drops what it made; nothing read stays ahead.
      await().atMost(LONG).until(() -> order.subList(2, 30).stream().noneMatch(n -> cached(p, n)));
      assertThat(cached(p, order.get(30))).isTrue(); // what the reader read (in part) stays
    }
  }

  @Test
  void theWalkMakesNoReadStateForEntriesItDoesNotInflate() throws Exception {
    HandZip z = new HandZip();
    List<String> stored = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String name = "s/f" + (char) ('a' + i);
      stored.add(name);
      z.stored(name, DeflatedReadTest.content(2000, i));
    }
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("stored.zip"))); Driver d = Driver.of(p)) {
      d.readAll(stored.get(0));
      d.readAll(stored.get(1)); // in order: the walk passes every later file
      await().atMost(LONG).until(() -> p.walkAhead().quiet());
      for (String name : stored.subList(2, stored.size())) {
        assertThat(p.keepsReadState(ProjectedPath.of(name))).as(name).isFalse();
      }
    }
  }

  @Test
  void emptyEntriesAreNotInflatedAheadToStayInTheCache() throws Exception {
    // Every other file empty, as many-file archives have them: the kernel never reads those, so
    // one inflated ahead would never leave the cache (not even the last, still ahead).
    readEveryOtherFile(true, 20);
  }

  @Test
  void filesTheReaderSkipsDoNotStayInTheCache() throws Exception {
    // Inflated ahead for nothing, a file passed by gets no read to drop it. (The last one is
    // still ahead of the reader.)
    readEveryOtherFile(false, 19);
  }

  /**
   * Reads every other file of 20 in listing order, as {@code cat d/f[acegikmoqs]} would, and
   * checks that none of the others below {@code checkedBelow} is left cached.
   */
  private void readEveryOtherFile(boolean othersEmpty, int checkedBelow) throws Exception {
    HandZip z = new HandZip();
    IntFunction<String> name = i -> "d/f" + (char) ('a' + i);
    for (int i = 0; i < 20; i++) {
      boolean empty = othersEmpty && i % 2 == 1;
      z.deflated(name.apply(i), empty ? new byte[0] : DeflatedReadTest.content(3000, i));
    }
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("every-other.zip")));
        Driver d = Driver.of(p)) {
      for (int i = 0; i < 20; i += 2) {
        Bytes.same(d.readAll(name.apply(i)), DeflatedReadTest.content(3000, i));
      }
      await().atMost(LONG).until(() -> p.walkAhead().quiet());
      assertThat(p.walkAhead().served()).as("the walk ran ahead of the reader").isPositive();
      for (int i = 1; i < checkedBelow; i += 2) {
        assertThat(cached(p, name.apply(i))).as(name.apply(i)).isFalse();
      }
    }
  }

  @Test
  void aCorruptEntryInflatedAheadStillFailsItsReader() throws Exception {
    try (ZipProvider p = ZipProvider.open(zip); Driver d = Driver.of(p)) {
      d.readAll("b/fk.c");
      d.readAll("b/fl.c"); // corrupt/x.c is next in the walk
      // The walk reaches it and finds it broken (before any reader asks for it).
      FileEntry corrupt = p.fileForTest(ProjectedPath.of("corrupt/x.c"));
      await().atMost(LONG).until(() -> corrupt.failure != null);
      assertThat(corrupt.failure).contains("CRC mismatch");
      assertThat(catchThrowable(() -> d.read("corrupt/x.c", 0, 4096)))
          .isInstanceOf(IOException.class).hasMessageContaining("CRC mismatch");
    }
  }
}
