package dev.holofs.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.holofs.spi.Collation;
import dev.holofs.spi.FileNames;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.spi.Provider;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every provider owes holofs, checked with no kernel through a {@link Driver}.
 * Extend it, say how to make the provider and which tree it must show:
 *
 * <pre>{@code
 * class MyProviderConformanceTest extends ProviderConformanceTest {
 *   protected Provider createProvider() { return new MyProvider(...); }
 *   protected ExpectedTree expectedTree() { return ExpectedTree.builder().file("a.txt", A).build(); }
 * }
 * }</pre>
 *
 * <p>Checked: listings in collation order through tiny buffers, every name exactly once, with
 * restart-scans and search expressions; lookups of every item and of missing names; reads at
 * random offsets and past the end; interrupted reads and listings leaving no live command or
 * session; the end of every session delivered exactly once.
 */
public abstract class ProviderConformanceTest {

  /** The provider under test, wrapped to count session starts and ends. */
  protected CountingProvider counting;
  /** Drives the provider; made fresh for every test. */
  protected Driver driver;
  /** The tree {@link #expectedTree()} returned for this test. */
  protected ExpectedTree tree;
  private Provider provider;

  /** A new provider; called once per test. */
  protected abstract Provider createProvider() throws Exception;

  /** The tree the provider must show. */
  protected abstract ExpectedTree expectedTree() throws Exception;

  /** The projection's collation; byte order (the Linux default) unless overridden. */
  protected Collation collation() {
    return Collation.BYTE_ORDER;
  }

  /** Releases the provider; closes it if it is {@link AutoCloseable}. */
  protected void destroyProvider(Provider provider) throws Exception {
    if (provider instanceof AutoCloseable c) {
      c.close();
    }
  }

  /** A seed for the random offsets, so a failure can be reproduced. */
  protected long seed() {
    return 20261128L;
  }

  @BeforeEach
  void startConformance() throws Exception {
    tree = expectedTree();
    provider = createProvider();
    counting = new CountingProvider(provider);
    driver = Driver.of(counting, 2, 4, collation());
  }

  @AfterEach
  void stopConformance() throws Exception {
    try {
      driver.close();
      assertThat(driver.liveCommands()).as("live commands after close").isZero();
      assertThat(driver.liveSessions()).as("live sessions after close").isZero();
      awaitTrue(() -> counting.unbalancedSessions().isEmpty());
      assertThat(counting.unbalancedSessions()).as("sessions not ended exactly once").isEmpty();
    } finally {
      destroyProvider(provider);
    }
  }

  @Test
  void listsEveryDirectoryInCollationOrderThroughTinyBuffers() throws IOException {
    for (ProjectedPath dir : tree.directories()) {
      List<String> expected = tree.childNames(dir, collation());
      for (int buffer : new int[] {1, 2, 3, 7, Driver.DEFAULT_BUFFER_ENTRIES}) {
        List<String> names = Entry.names(driver.list(dir.toString(), null, buffer));
        assertThat(names).as("listing of /%s through buffers of %d", dir, buffer)
            .containsExactlyElementsOf(expected);
      }
    }
    assertNothingLive();
  }

  @Test
  void entriesDescribeTheirItems() throws IOException {
    Map<ProjectedPath, PlaceholderInfo> walked = driver.walk();
    assertThat(walked.keySet()).containsExactlyInAnyOrderElementsOf(
        tree.items().keySet().stream().filter(p -> !p.isRoot()).toList());
    walked.forEach((path, info) -> check(tree.get(path), info, "entry"));
  }

  @Test
  void looksUpEveryItem() throws IOException {
    for (ExpectedTree.Item item : tree.items().values()) {
      if (!item.path().isRoot()) {
        check(item, driver.stat(item.path().toString()), "lookup");
      }
    }
    assertNothingLive();
  }

  @Test
  void missingNamesAreNotFound() throws IOException {
    for (ProjectedPath dir : tree.directories()) {
      ProjectedPath missing = dir.resolve("no such name \u2603 " + dir.names().size());
      assertThat(driver.lookup(missing)).as("lookup of %s", missing).isNull();
    }
    for (ExpectedTree.Item file : tree.files()) {
      ProjectedPath under = file.path().resolve("child");
      assertThatThrownBy(() -> driver.stat(under.toString()))
          .as("stat of %s", under).isInstanceOfAny(NoSuchFileException.class, NotDirectoryException.class);
    }
    assertNothingLive();
  }

  @Test
  void listingAMissingDirectoryFails() {
    assertThatThrownBy(() -> driver.list("no such directory", null, 3))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void readsWholeFiles() throws IOException {
    for (ExpectedTree.Item file : tree.files()) {
      byte[] bytes = driver.readAll(file.path().toString());
      assertThat(bytes.length).as("size of %s", file.path()).isEqualTo(file.size());
      assertThat(ExpectedTree.sha256(bytes)).as("sha256 of %s", file.path()).isEqualTo(file.sha256());
    }
    assertNothingLive();
  }

  @Test
  void readsAtRandomOffsetsGiveTheExpectedBytes() throws IOException {
    SplittableRandom random = new SplittableRandom(seed());
    for (ExpectedTree.Item file : tree.files()) {
      byte[] content = content(file);
      for (int i = 0; i < 40; i++) {
        long offset = content.length == 0 ? 0 : random.nextLong(content.length);
        int length = 1 + random.nextInt(random.nextBoolean() ? 64 : 200_000);
        byte[] got = driver.read(file.path().toString(), offset, length);
        int expectedLength = (int) Math.max(0, Math.min(length, content.length - offset));
        assertThat(got).as("%s at %d, %d bytes", file.path(), offset, length)
            .isEqualTo(Arrays.copyOfRange(content, (int) offset, (int) offset + expectedLength));
      }
    }
    assertNothingLive();
  }

  @Test
  void readsAtAndPastTheEndAreShort() throws IOException {
    for (ExpectedTree.Item file : tree.files()) {
      String path = file.path().toString();
      assertThat(driver.read(path, file.size(), 100)).as("%s at its end", path).isEmpty();
      assertThat(driver.read(path, file.size() + 4096, 100)).as("%s past its end", path).isEmpty();
      if (file.size() > 0) {
        assertThat(driver.read(path, file.size() - 1, 100)).as("%s, last byte", path).hasSize(1);
      }
    }
    assertNothingLive();
  }

  @Test
  void restartScanListsFromTheTopAgain() throws IOException {
    for (ProjectedPath dir : tree.directories()) {
      List<String> expected = tree.childNames(dir, collation());
      try (DirectoryHandle handle = driver.opendir(dir)) {
        List<String> firstPart = Entry.names(handle.readdir(2));
        assertThat(firstPart).containsExactlyElementsOf(expected.subList(0, Math.min(2, expected.size())));
        List<String> all = new ArrayList<>(Entry.names(handle.readdir(3, null, true)));
        all.addAll(Entry.names(handle.readAll(null, 3)));
        assertThat(all).as("/%s after a restart", dir).containsExactlyElementsOf(expected);
        assertThat(handle.readdir(3)).isEmpty();
        assertThat(Entry.names(handle.readdir(100, null, true))).containsExactlyElementsOf(
            expected.subList(0, Math.min(100, expected.size())));
      }
    }
    assertNothingLive();
  }

  @Test
  void searchExpressionsFilterAndAreCapturedOnce() throws IOException {
    for (ProjectedPath dir : tree.directories()) {
      List<String> children = tree.childNames(dir, collation());
      if (children.isEmpty()) {
        continue;
      }
      String name = children.get(children.size() / 2);
      for (String expression : List.of(name, name.toUpperCase(java.util.Locale.ROOT),
          name.charAt(0) + "*", "?" + name.substring(1), "*" + name.charAt(name.length() - 1))) {
        List<String> expected = children.stream().filter(n -> FileNames.matches(n, expression)).toList();
        try (DirectoryHandle handle = driver.opendir(dir)) {
          List<String> got = new ArrayList<>(Entry.names(handle.readdir(2, expression, false)));
          // Later readdirs name another expression: only the first one counts.
          for (List<Entry> batch; !(batch = handle.readdir(2, "no-match-*", false)).isEmpty(); ) {
            got.addAll(Entry.names(batch));
          }
          assertThat(got).as("/%s matching %s", dir, expression).containsExactlyElementsOf(expected);
        }
      }
    }
    assertNothingLive();
  }

  @Test
  void interruptedReadsLeaveNothingLive() throws Exception {
    SplittableRandom random = new SplittableRandom(seed());
    for (ExpectedTree.Item file : tree.files()) {
      byte[] content = content(file);
      List<Read> reads = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        Read read = driver.startRead(file.path(), 0, 1 + random.nextInt(256 * 1024));
        for (int spin = random.nextInt(2000); spin > 0; spin--) {
          Thread.onSpinWait();
        }
        read.cancel();
        reads.add(read);
      }
      for (Read read : reads) {
        try {
          read.result().get(30, TimeUnit.SECONDS);
          byte[] got = read.bytes(); // the read won the race: it must be right
          assertThat(got).isEqualTo(Arrays.copyOf(content, got.length));
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(CancellationException.class);
        } catch (CancellationException expected) {
          // interrupted
        }
      }
      // An interrupted read does not disturb the next one.
      assertThat(driver.read(file.path().toString(), 0, 16))
          .isEqualTo(Arrays.copyOf(content, Math.min(16, content.length)));
    }
    assertNothingLive();
  }

  @Test
  void interruptedListingsEndEachSessionOnce() throws Exception {
    SplittableRandom random = new SplittableRandom(seed());
    int opened = 0;
    for (ProjectedPath dir : tree.directories()) {
      for (int round = 0; round < 5; round++) {
        DirectoryHandle handle = driver.opendir(dir);
        opened++;
        handle.readdir(1);
        DirectoryHandle.PendingReaddir pending = handle.startReaddir(1 + random.nextInt(3), null, false);
        for (int spin = random.nextInt(2000); spin > 0; spin--) {
          Thread.onSpinWait();
        }
        if (random.nextBoolean()) {
          pending.cancel();
        }
        handle.close(); // RELEASEDIR, perhaps while the readdir is in flight
        handle.close();
        try {
          pending.result().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | CancellationException e) {
          // interrupted, or refused because the session ended: either is fine
        }
      }
      // Interrupting the OPENDIR itself: the engine ends its session if it had started; if the
      // OPENDIR won the race, the handle is released as usual.
      Pending<Long> open = driver.startOpendir(dir);
      if (!open.cancel()) {
        driver.releasedir(open.result().get(30, TimeUnit.SECONDS));
      }
    }
    int expectedAtLeast = opened;
    awaitTrue(() -> counting.endCalls() >= expectedAtLeast && counting.unbalancedSessions().isEmpty());
    assertThat(counting.unbalancedSessions()).isEmpty();
    assertNothingLive();
  }

  @Test
  void concurrentClientsSeeTheSameTree() throws Exception {
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 4; t++) {
      int id = t;
      threads.add(new Thread(() -> {
        try {
          for (ProjectedPath dir : tree.directories()) {
            assertThat(Entry.names(driver.list(dir.toString(), null, 2 + id)))
                .containsExactlyElementsOf(tree.childNames(dir, collation()));
          }
          for (ExpectedTree.Item file : tree.files()) {
            if (file.size() <= (1 << 20)) {
              assertThat(ExpectedTree.sha256(driver.readAll(file.path().toString())))
                  .isEqualTo(file.sha256());
            }
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertThat(failures).isEmpty();
    assertNothingLive();
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** No command is live and no session open (checked between requests). */
  protected void assertNothingLive() {
    assertThat(driver.liveCommands()).as("live commands").isZero();
    assertThat(driver.liveSessions()).as("live sessions").isZero();
  }

  /** A file's expected bytes: given, or read once and checked against its SHA-256. */
  protected byte[] content(ExpectedTree.Item file) throws IOException {
    if (file.content() != null) {
      return file.content();
    }
    byte[] bytes = driver.readAll(file.path().toString());
    assertThat(ExpectedTree.sha256(bytes)).as("sha256 of %s", file.path()).isEqualTo(file.sha256());
    return bytes;
  }

  private static void check(ExpectedTree.Item expected, PlaceholderInfo info, String what) {
    if (expected == null) {
      fail("unexpected item in " + what);
    }
    assertThat(info).as("%s of %s", what, expected.path()).isNotNull();
    assertThat(info.type()).as("%s type of %s", what, expected.path()).isEqualTo(expected.type());
    if (expected.type() == PlaceholderInfo.Type.FILE) {
      assertThat(info.size()).as("%s size of %s", what, expected.path()).isEqualTo(expected.size());
    }
    if (expected.type() == PlaceholderInfo.Type.SYMLINK) {
      assertThat(info.symlinkTarget()).as("%s target of %s", what, expected.path())
          .isEqualTo(expected.target());
    }
  }

  /** Polls {@code condition} for up to ten seconds: ends are delivered on a worker, after the answer. */
  protected static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
  }
}
