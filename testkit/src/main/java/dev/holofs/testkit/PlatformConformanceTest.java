package dev.holofs.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.holofs.Mount;
import dev.holofs.PlatformOptions;
import dev.holofs.Projection;
import dev.holofs.ProjectionStats.Callback;
import dev.holofs.spi.Collation;
import dev.holofs.spi.Command;
import dev.holofs.spi.PlaceholderVersion;
import dev.holofs.spi.ProjectedPath;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every platform adapter must show, checked only through {@code java.nio.file}: a
 * listing in collation order (10,000 entries, and one that changes while it is read), attributes,
 * reads at offsets and in parallel, symlinks, missing names, refused writes, a failing provider
 * failing one read only, an interrupted reader cancelling its command, {@code updateFileIfNeeded}
 * and {@code deleteFile}, refused mountpoints and unmounting. Extend it once per platform: FUSE
 * against a real mount, ProjFS against its fake.
 *
 * <p>One mount of a shared tree serves the read-only checks; the others mount a tree of their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PlatformConformanceTest {

  private static final String HELLO = TreeProvider.SAMPLE_HELLO;
  private static final int MANY = TreeProvider.SAMPLE_MANY;
  private static final Duration WAIT = Duration.ofSeconds(30);

  private Path sharedDirectory;
  private Mount shared;
  private TreeProvider tree;
  private byte[] data;

  /** Skips the tests, or fails them where the platform is required, if it cannot run here. */
  protected abstract void assumePlatform();

  /**
   * Mounts {@code projection} on {@code directory}, an empty directory, as a user of this platform
   * would (usually {@code projection.mount(directory)}).
   */
  protected abstract Mount mount(Projection projection, Path directory) throws IOException;

  /** Where the mount's items are seen through {@code java.nio.file}: its mountpoint by default. */
  protected Path root(Mount mount) {
    return mount.mountpoint();
  }

  /** The order the platform lists names in: byte order unless it requires another. */
  protected Collation collation() {
    return Collation.BYTE_ORDER;
  }

  /**
   * This platform's options for caches that last an hour, so that only updateFileIfNeeded and
   * deleteFile can make a change visible; null if it has no such option.
   */
  protected PlatformOptions longCaches() {
    return null;
  }

  /** Called after each mount of the suite is closed: undo whatever a failed test left there. */
  protected void cleanUp(Path directory) throws Exception {}

  @BeforeAll
  void mountSharedTree(@TempDir Path temp) throws Exception {
    assumePlatform();
    data = TreeProvider.sampleData();
    tree = TreeProvider.sample(collation());
    sharedDirectory = Files.createDirectory(temp.resolve("shared"));
    shared = mount(Projection.builder(tree).build(), sharedDirectory);
  }

  @AfterAll
  void unmountSharedTree() throws Exception {
    try {
      if (shared != null) {
        shared.close();
        assertUnmounted(shared, sharedDirectory);
      }
    } finally {
      if (sharedDirectory != null) {
        cleanUp(sharedDirectory);
      }
    }
  }

  private Path at(String path) {
    return root(shared).resolve(path);
  }

  @Test
  void listsTheRootInCollationOrder() throws Exception {
    List<String> expected = Stream.of("boom.bin", "churn", "data.bin", "dir", "dirlink", "hang.bin",
        "hello.txt", "link", "many").sorted(collation()).toList();
    assertThat(names(root(shared))).containsExactlyElementsOf(expected);
    assertThat(names(at("dir"))).containsExactly("nested.txt");
  }

  @Test
  void listsTenThousandEntries() throws Exception {
    List<String> expected = IntStream.range(0, MANY).mapToObj(i -> String.format("f%05d", i)).toList();
    assertThat(names(at("many"))).containsExactlyElementsOf(expected);
    assertThat(Files.readString(at("many/f09999"))).isEqualTo("entry 9999\n");
  }

  @Test
  void aListingSurvivesTheDirectoryChangingUnderIt() throws Exception {
    List<String> seen = new ArrayList<>();
    try (var stream = Files.newDirectoryStream(at("churn"))) {
      var it = stream.iterator();
      for (int i = 0; i < 100; i++) {
        seen.add(it.next().getFileName().toString());
      }
      for (int i = 0; i < 3000; i += 2) { // every listed name goes, others come
        tree.remove(String.format("churn/c%05d", i));
        tree.file(String.format("churn/c%05d", i + 1), "c\n");
      }
      it.forEachRemaining(p -> seen.add(p.getFileName().toString()));
    }
    assertThat(seen).doesNotHaveDuplicates().isSortedAccordingTo(collation()).hasSizeGreaterThanOrEqualTo(1500);
    assertThat(seen.subList(0, 100)).allMatch(n -> Integer.parseInt(n.substring(1)) % 2 == 0);
  }

  @Test
  void statsItems() throws Exception {
    BasicFileAttributes file = Files.readAttributes(at("data.bin"), BasicFileAttributes.class);
    assertThat(file.isRegularFile()).isTrue();
    assertThat(file.size()).isEqualTo(data.length);
    BasicFileAttributes dir = Files.readAttributes(at("dir"), BasicFileAttributes.class);
    assertThat(dir.isDirectory()).isTrue();
    BasicFileAttributes link = Files.readAttributes(at("link"), BasicFileAttributes.class,
        LinkOption.NOFOLLOW_LINKS);
    assertThat(link.isSymbolicLink()).isTrue();
    assertThat(Files.size(at("hello.txt"))).isEqualTo(HELLO.length());
  }

  @Test
  void readsWholeFilesAndAtOffsets() throws Exception {
    assertThat(Files.readString(at("hello.txt"))).isEqualTo(HELLO);
    assertThat(Files.readAllBytes(at("data.bin"))).isEqualTo(data);
    try (FileChannel ch = FileChannel.open(at("data.bin"))) {
      for (long offset : new long[] {0, 1, 4095, 1_000_003, data.length - 10}) {
        ByteBuffer buf = ByteBuffer.allocate(70_000);
        int n = ch.read(buf, offset);
        int expected = (int) Math.min(70_000, data.length - offset);
        assertThat(n).isEqualTo(expected);
        assertThat(Arrays.copyOf(buf.array(), n))
            .isEqualTo(Arrays.copyOfRange(data, (int) offset, (int) offset + expected));
      }
      assertThat(ch.read(ByteBuffer.allocate(10), data.length)).isEqualTo(-1);
    }
  }

  @Test
  void servesEightParallelReaders() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<byte[]>> reads = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int chunk = 4096 + i * 1000;
        reads.add(pool.submit(() -> readInChunks(at("data.bin"), chunk)));
      }
      for (Future<byte[]> r : reads) {
        assertThat(r.get(60, TimeUnit.SECONDS)).isEqualTo(data);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void followsSymlinks() throws Exception {
    assertThat(Files.isSymbolicLink(at("link"))).isTrue();
    assertThat(Files.readSymbolicLink(at("link")).toString()).isEqualTo("hello.txt");
    assertThat(Files.readSymbolicLink(at("dirlink")).toString()).isEqualTo("dir");
    assertThat(Files.readString(at("link"))).isEqualTo(HELLO);
    assertThat(Files.readString(at("dirlink/nested.txt"))).isEqualTo("nested\n");
  }

  @Test
  void missingNamesAreNotFound() {
    assertThat(Files.exists(at("nope"))).isFalse();
    assertThatThrownBy(() -> Files.readAllBytes(at("dir/nope"))).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> Files.readAttributes(at("nope.txt"), BasicFileAttributes.class))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void writesAreRefusedAndChangeNothing() throws Exception {
    assertThatThrownBy(() -> Files.writeString(at("hello.txt"), "x")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> Files.createFile(at("new.txt"))).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> Files.createDirectory(at("newdir"))).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> Files.delete(at("dir/nested.txt"))).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> Files.move(at("hello.txt"), at("moved.txt"))).isInstanceOf(IOException.class);
    assertThat(Files.readString(at("hello.txt"))).isEqualTo(HELLO);
    assertThat(Files.exists(at("new.txt"))).isFalse();
    assertThat(Files.readString(at("dir/nested.txt"))).isEqualTo("nested\n");
  }

  @Test
  void aThrowingProviderFailsThatReadOnly() throws Exception {
    long errorsBefore = shared.stats().get(Callback.GET_FILE_DATA).errors();
    assertThatThrownBy(() -> Files.readAllBytes(at("boom.bin"))).isInstanceOf(IOException.class);
    assertThat(shared.stats().get(Callback.GET_FILE_DATA).errors()).isGreaterThan(errorsBefore);
    assertThat(Files.readString(at("hello.txt"))).isEqualTo(HELLO);
  }

  @Test
  void anInterruptedReaderCancelsItsCommand() throws Exception {
    tree.resetHanging(); // other tests may hang on the same file: only this read's command counts
    long cancellationsBefore = shared.stats().get(Callback.GET_FILE_DATA).cancellations();
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (FileChannel ch = FileChannel.open(at("hang.bin"))) {
        ch.read(ByteBuffer.allocate(4096), 0);
        outcome.complete(null);
      } catch (Throwable t) {
        outcome.complete(t);
      }
    }, "hanging-reader");
    reader.start();
    try {
      assertThat(tree.awaitHanging(WAIT)).as("the read reached the provider").isTrue();
      reader.interrupt(); // FileChannel is interruptible: the platform must cancel the command
      assertThat(outcome).succeedsWithin(WAIT).isInstanceOf(ClosedByInterruptException.class);
    } finally {
      reader.interrupt();
      reader.join(WAIT.toMillis());
    }
    Command command = tree.hangingCommands().iterator().next();
    await().atMost(WAIT).until(() -> tree.cancelled().contains(command.id()));
    assertThat(command.isCancelled()).isTrue();
    assertThat(shared.stats().get(Callback.GET_FILE_DATA).cancellations()).isGreaterThan(cancellationsBefore);
    assertThat(Files.readAllBytes(at("data.bin"))).isEqualTo(data);
  }

  @Test
  void updateFileIfNeededAndDeleteFileShowChangesDespiteLongCaches(@TempDir Path temp) throws Exception {
    TreeProvider own = new TreeProvider(collation()).file("v.txt", "one\n").dir("d")
        .file("d/gone.txt", "bye\n");
    Projection.Builder builder = Projection.builder(own);
    if (longCaches() != null) {
      builder.platformOptions(longCaches());
    }
    Path directory = Files.createDirectory(temp.resolve("mnt"));
    try (Mount mount = mount(builder.build(), directory)) {
      Path v = root(mount).resolve("v.txt");
      assertThat(Files.readString(v)).isEqualTo("one\n");
      PlaceholderVersion first = own.info("v.txt").version();
      assertThat(own.versionRead("v.txt")).isEqualTo(first);

      own.file("v.txt", "the second version\n"); // the store changed; the platform was not told
      if (longCaches() != null) {
        assertThat(Files.readString(v)).as("still cached").isEqualTo("one\n");
        assertThat(Files.size(v)).isEqualTo(4);
      }
      mount.updateFileIfNeeded(ProjectedPath.of("v.txt"), own.info("v.txt"));
      // A platform may apply a change a moment after the call returns (FUSE does not wait for
      // its notification while a request on the item is still being answered, e.g. the release
      // of the read above): what a user can rely on is that it becomes visible.
      await().atMost(WAIT).until(() -> Files.size(v) == 19);
      assertThat(Files.readString(v)).isEqualTo("the second version\n");
      assertThat(own.versionRead("v.txt")).isEqualTo(own.info("v.txt").version()).isNotEqualTo(first);

      Path d = root(mount).resolve("d");
      assertThat(names(d)).containsExactly("gone.txt");
      own.remove("d/gone.txt");
      mount.deleteFile(ProjectedPath.of("d/gone.txt"));
      await().atMost(WAIT).until(() -> !Files.exists(d.resolve("gone.txt")));
      await().atMost(WAIT).until(() -> names(d).isEmpty());

      own.file("d/new.txt", "new\n");
      mount.updateFileIfNeeded(ProjectedPath.of("d/new.txt"), own.info("d/new.txt"));
      await().atMost(WAIT).until(() -> names(d).equals(java.util.List.of("new.txt")));
      assertThat(Files.readString(d.resolve("new.txt"))).isEqualTo("new\n");
      assertThatThrownBy(() -> mount.deleteFile(ProjectedPath.ROOT)).isInstanceOf(IllegalArgumentException.class);
    } finally {
      cleanUp(directory);
    }
  }

  @Test
  void closingUnmountsOnceAndLeavesThePlainDirectory(@TempDir Path temp) throws Exception {
    Path directory = Files.createDirectory(temp.resolve("mnt"));
    try {
      Mount mount = mount(Projection.builder(new TreeProvider(collation()).file("a.txt", "a\n")).build(),
          directory);
      assertThat(Files.readString(root(mount).resolve("a.txt"))).isEqualTo("a\n");
      mount.close();
      assertThat(CompletableFuture.runAsync(() -> awaitUnmount(mount))).succeedsWithin(WAIT);
      assertUnmounted(mount, directory);
      assertThatThrownBy(() -> mount.updateFileIfNeeded(ProjectedPath.of("a.txt"), null))
          .isInstanceOf(IOException.class).hasMessageContaining("not mounted");
      mount.close(); // idempotent
    } finally {
      cleanUp(directory);
    }
  }

  @Test
  void refusesBadMountpointsWithOneLine(@TempDir Path temp) throws Exception {
    Projection p = Projection.builder(new TreeProvider(collation())).build();
    Path full = Files.createDirectory(temp.resolve("full"));
    Files.writeString(full.resolve("x"), "x");
    try {
      assertThatThrownBy(() -> mount(p, temp.resolve("missing")))
          .isInstanceOf(IOException.class).hasMessageEndingWith("does not exist");
      assertThatThrownBy(() -> mount(p, full))
          .isInstanceOf(IOException.class).hasMessageEndingWith("is not empty");
      assertThatThrownBy(() -> mount(p, full.resolve("x")))
          .isInstanceOf(IOException.class).hasMessageEndingWith("is not a directory");
      assertThat(names(full)).containsExactly("x");
    } finally {
      cleanUp(full);
    }
  }

  /** After close: the directory is plain and empty again. */
  protected void assertUnmounted(Mount mount, Path directory) throws IOException {
    assertThat(names(directory)).isEmpty();
  }

  private static void awaitUnmount(Mount mount) {
    try {
      mount.awaitUnmount();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).toList();
    }
  }

  private static byte[] readInChunks(Path file, int chunk) throws IOException {
    try (FileChannel ch = FileChannel.open(file)) {
      ByteBuffer all = ByteBuffer.allocate((int) ch.size());
      ByteBuffer buf = ByteBuffer.allocate(chunk);
      while (ch.read(buf) > 0) {
        all.put(buf.flip());
        buf.clear();
      }
      return all.array();
    }
  }
}
