package dev.holofs.fuse;

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
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mutable in-memory tree for the adapter's tests, with two misbehaving kinds of file: reading a
 * "failing" file throws an unexpected exception, reading a "hanging" file never answers (the
 * command stays pending until cancelled).
 */
final class TreeProvider implements Provider {

  private record Item(PlaceholderInfo info, byte[] data) {}

  private final Map<ProjectedPath, Item> items = new ConcurrentHashMap<>();
  private final Map<ProjectedPath, NavigableMap<String, ProjectedPath>> children = new ConcurrentHashMap<>();
  private final Set<ProjectedPath> failing = ConcurrentHashMap.newKeySet();
  private final Set<ProjectedPath> hanging = ConcurrentHashMap.newKeySet();
  /** Commands that reached a hanging file, and cancels the provider was told of. */
  final Set<Command> hangingCommands = ConcurrentHashMap.newKeySet();
  final Set<Long> cancelled = ConcurrentHashMap.newKeySet();
  final AtomicInteger dataCalls = new AtomicInteger();
  /** Listings started from a directory's first name (not resumed ones). */
  final AtomicInteger listingsFromStart = new AtomicInteger();
  /** The version the last read of each path came with. */
  final Map<ProjectedPath, PlaceholderVersion> versionsRead = new ConcurrentHashMap<>();
  private final AtomicInteger versions = new AtomicInteger();
  volatile CountDownLatch hangingReached = new CountDownLatch(1);

  TreeProvider() {
    children.put(ProjectedPath.ROOT, new ConcurrentSkipListMap<>(Collation.BYTE_ORDER));
  }

  TreeProvider dir(String path) {
    put(ProjectedPath.of(path), new Item(PlaceholderInfo.directory().build(), null));
    children.putIfAbsent(ProjectedPath.of(path), new ConcurrentSkipListMap<>(Collation.BYTE_ORDER));
    return this;
  }

  /** Adds or replaces a file; each call gives it a new version. */
  TreeProvider file(String path, byte[] data) {
    PlaceholderVersion version = PlaceholderVersion.ofContent(
        ("v" + versions.incrementAndGet()).getBytes(StandardCharsets.UTF_8));
    put(ProjectedPath.of(path), new Item(PlaceholderInfo.file(data.length).version(version).build(), data));
    return this;
  }

  TreeProvider file(String path, String text) {
    return file(path, text.getBytes(StandardCharsets.UTF_8));
  }

  TreeProvider symlink(String path, String target) {
    put(ProjectedPath.of(path), new Item(PlaceholderInfo.symlink(target).build(), null));
    return this;
  }

  TreeProvider failing(String path, int size) {
    failing.add(ProjectedPath.of(path));
    return file(path, new byte[size]);
  }

  TreeProvider hanging(String path, int size) {
    hanging.add(ProjectedPath.of(path));
    return file(path, new byte[size]);
  }

  void remove(String path) {
    ProjectedPath p = ProjectedPath.of(path);
    items.remove(p);
    children.get(p.parent()).remove(p.name());
  }

  PlaceholderInfo info(String path) {
    return items.get(ProjectedPath.of(path)).info();
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
    dataCalls.incrementAndGet();
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
