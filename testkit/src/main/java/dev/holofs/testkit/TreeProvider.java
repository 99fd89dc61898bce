package dev.holofs.testkit;

import dev.holofs.spi.Collation;
import dev.holofs.spi.Command;
import dev.holofs.spi.DataSink;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.EnumerationRequest;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.PlaceholderVersion;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.spi.Provider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mutable in-memory tree for the platform tests, with two misbehaving kinds of file: reading a
 * "failing" file throws an unexpected exception, reading a "hanging" file never answers (the
 * command stays pending until cancelled). It records what a test checks afterwards: the commands
 * that hung, the cancels heard, the version each read came with. Thread-safe.
 */
public final class TreeProvider implements Provider {

  private record Item(PlaceholderInfo info, byte[] data) {}

  private final Map<ProjectedPath, Item> items = new ConcurrentHashMap<>();
  private final Map<ProjectedPath, NavigableMap<String, ProjectedPath>> children = new ConcurrentHashMap<>();
  private final Set<ProjectedPath> failing = ConcurrentHashMap.newKeySet();
  private final Set<ProjectedPath> hanging = ConcurrentHashMap.newKeySet();
  private final Set<Command> hangingCommands = ConcurrentHashMap.newKeySet();
  private final Set<Long> cancelled = ConcurrentHashMap.newKeySet();
  private final AtomicInteger listingsFromStart = new AtomicInteger();
  private final Map<ProjectedPath, PlaceholderVersion> versionsRead = new ConcurrentHashMap<>();
  private final AtomicInteger versions = new AtomicInteger();
  private final Collation collation;
  private volatile CountDownLatch hangingReached = new CountDownLatch(1);

  /** What {@link #sample}'s {@code hello.txt} holds. */
  public static final String SAMPLE_HELLO = "hello, world\n";
  /** How many files {@link #sample}'s {@code many} directory holds. */
  public static final int SAMPLE_MANY = 10_000;
  private static final byte[] SAMPLE_DATA = random();

  /** An empty tree listed in byte order. */
  public TreeProvider() {
    this(Collation.BYTE_ORDER);
  }

  /** An empty tree listed in {@code collation}: the one the projection uses. */
  public TreeProvider(Collation collation) {
    this.collation = collation;
    children.put(ProjectedPath.ROOT, new ConcurrentSkipListMap<>(collation));
  }

  /**
   * The tree the platform tests mount: {@code hello.txt}, {@code data.bin} ({@link #sampleData()}), {@code dir/nested.txt}, symlinks {@code link -> hello.txt} and
   * {@code dirlink -> dir}, a failing {@code boom.bin}, a hanging {@code hang.bin}, {@code many/}
   * with files {@code f00000} to {@code f09999} ("entry N\n"), {@code churn/} with {@code c00000},
   * {@code c00002}, ... {@code c02998}.
   */
  public static TreeProvider sample(Collation collation) {
    TreeProvider tree = new TreeProvider(collation)
        .file("hello.txt", SAMPLE_HELLO)
        .file("data.bin", SAMPLE_DATA)
        .dir("dir").file("dir/nested.txt", "nested\n")
        .symlink("link", "hello.txt")
        .symlink("dirlink", "dir")
        .failing("boom.bin", 4096)
        .hanging("hang.bin", 4096)
        .dir("many");
    for (int i = 0; i < SAMPLE_MANY; i++) {
      tree.file(String.format("many/f%05d", i), "entry " + i + "\n");
    }
    tree.dir("churn");
    for (int i = 0; i < 3000; i += 2) {
      tree.file(String.format("churn/c%05d", i), "c\n");
    }
    return tree;
  }

  /** A copy of {@link #sample}'s {@code data.bin}: 3 MiB and a bit of seeded random bytes. */
  public static byte[] sampleData() {
    return SAMPLE_DATA.clone();
  }

  private static byte[] random() {
    byte[] data = new byte[3 * 1024 * 1024 + 123];
    new java.util.Random(42).nextBytes(data);
    return data;
  }

  /** Adds a directory; its parent must exist. */
  public TreeProvider dir(String path) {
    put(ProjectedPath.of(path), new Item(PlaceholderInfo.directory().build(), null));
    children.putIfAbsent(ProjectedPath.of(path), new ConcurrentSkipListMap<>(collation));
    return this;
  }

  /** Adds or replaces a file; each call gives it a new version. */
  public TreeProvider file(String path, byte[] data) {
    PlaceholderVersion version = PlaceholderVersion.ofContent(
        ("v" + versions.incrementAndGet()).getBytes(StandardCharsets.UTF_8));
    put(ProjectedPath.of(path), new Item(PlaceholderInfo.file(data.length).version(version).build(), data));
    return this;
  }

  /** Adds or replaces a file holding {@code text} in UTF-8. */
  public TreeProvider file(String path, String text) {
    return file(path, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Adds a symbolic link to {@code target}. */
  public TreeProvider symlink(String path, String target) {
    put(ProjectedPath.of(path), new Item(PlaceholderInfo.symlink(target).build(), null));
    return this;
  }

  /** Adds a file of {@code size} bytes whose reads throw an unexpected exception. */
  public TreeProvider failing(String path, int size) {
    failing.add(ProjectedPath.of(path));
    return file(path, new byte[size]);
  }

  /** Adds a file of {@code size} bytes whose reads are deferred and never answered. */
  public TreeProvider hanging(String path, int size) {
    hanging.add(ProjectedPath.of(path));
    return file(path, new byte[size]);
  }

  /** Removes an item from the store (without telling the projection). */
  public void remove(String path) {
    ProjectedPath p = ProjectedPath.of(path);
    items.remove(p);
    children.get(p.parent()).remove(p.name());
  }

  /** What the store says of an item now. */
  public PlaceholderInfo info(String path) {
    return items.get(ProjectedPath.of(path)).info();
  }

  /** Forgets the hanging commands seen so far and waits for the next one. */
  public void resetHanging() {
    hangingCommands.clear();
    hangingReached = new CountDownLatch(1);
  }

  /** Waits until a read reaches a hanging file (since the last reset). @return whether one did */
  public boolean awaitHanging(Duration timeout) throws InterruptedException {
    return hangingReached.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The commands that reached a hanging file (since the last reset); a live view. */
  public Set<Command> hangingCommands() {
    return hangingCommands;
  }

  /** The ids of the commands the provider was told to cancel; a live view. */
  public Set<Long> cancelled() {
    return cancelled;
  }

  /** How many listings started from a directory's first name (not resumed ones). */
  public int listingsFromStart() {
    return listingsFromStart.get();
  }

  /** The version the last read of {@code path} came with, or null if none. */
  public PlaceholderVersion versionRead(String path) {
    return versionsRead.get(ProjectedPath.of(path));
  }

  private void put(ProjectedPath path, Item item) {
    items.put(path, item);
    children.get(path.parent()).put(path.name(), path);
  }

  @Override
  public void enumerate(EnumerationRequest request, EntrySink sink) throws IOException {
    NavigableMap<String, ProjectedPath> list = children.get(request.directory());
    if (list == null) {
      throw new NoSuchFileException(request.directory().toString());
    }
    if (request.resumeAfter() == null) {
      listingsFromStart.incrementAndGet();
    }
    if (request.collation() != collation) {
      throw new IllegalStateException("listed in " + collation + ", asked for " + request.collation());
    }
    var rest = request.resumeAfter() == null ? list : list.tailMap(request.resumeAfter(), false);
    for (var e : rest.entrySet()) {
      Item item = items.get(e.getValue());
      if (item != null && !sink.add(e.getKey(), item.info())) {
        return;
      }
    }
  }

  @Override
  public PlaceholderInfo getPlaceholder(Command command, ProjectedPath path) {
    if (path.isRoot()) {
      return PlaceholderInfo.directory().build();
    }
    Item item = items.get(path);
    return item == null ? null : item.info();
  }

  @Override
  public void getFileData(Command command, ProjectedPath path, long offset, int length, DataSink sink)
      throws IOException {
    versionsRead.put(path, command.version());
    if (failing.contains(path)) {
      throw new IllegalStateException("this provider fails on purpose for " + path);
    }
    if (hanging.contains(path)) {
      hangingCommands.add(command);
      hangingReached.countDown();
      command.defer(new CompletableFuture<Void>()); // never answered
      return;
    }
    Item item = items.get(path);
    if (item == null || item.data() == null) {
      throw new NoSuchFileException(path.toString());
    }
    byte[] data = item.data();
    int from = (int) Math.min(offset, data.length);
    int to = (int) Math.min(data.length, offset + length);
    sink.write(ByteBuffer.wrap(data, from, to - from));
  }

  @Override
  public void cancel(long commandId) {
    cancelled.add(commandId);
  }
}
