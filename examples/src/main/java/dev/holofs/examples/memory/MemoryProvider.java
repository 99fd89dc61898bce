package dev.holofs.examples.memory;

import dev.holofs.spi.Collation;
import dev.holofs.spi.Command;
import dev.holofs.spi.DataSink;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.EnumerationRequest;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.Printable;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.spi.Provider;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A provider over a tree built in code: the simplest complete provider, synchronous and
 * thread-safe. The tree may be changed while it is projected.
 *
 * <pre>{@code
 * MemoryProvider tree = new MemoryProvider()
 *     .file("hello.txt", "hello\n".getBytes(UTF_8))
 *     .file("big/zeros.bin", 64L << 20, (offset, dst) -> dst.put(new byte[dst.remaining()]))
 *     .symlink("link", "hello.txt");
 * }</pre>
 *
 * <p>Paths are relative to the root with {@code /} between names (a leading {@code /} is
 * ignored); missing parent directories are created. Items get the time last set with
 * {@link #times(Instant)} (the epoch by default) and read-only permissions. Once
 * {@link #freeze() frozen}, the tree can no longer change, and says so ({@link #isImmutable()}).
 */
public final class MemoryProvider implements Provider {

  /** The most bytes asked of one {@link ContentSource#write} call. */
  private static final int CHUNK = 1 << 20;

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Node root = Node.directory(PlaceholderInfo.directory().build());
  private volatile Instant time = Instant.EPOCH;
  private volatile boolean frozen;

  /** An empty tree: a root directory. */
  public MemoryProvider() {}

  /** Sets the time given to items added from now on (all four times). */
  public MemoryProvider times(Instant time) {
    this.time = Objects.requireNonNull(time);
    return this;
  }

  /**
   * Makes the tree final: every later change throws {@link IllegalStateException}, and the
   * provider promises the platform that nothing changes ({@link #isImmutable()}), so what was read
   * once is kept. File contents must then stay the same too.
   */
  public MemoryProvider freeze() {
    lock.writeLock().lock();
    frozen = true;
    lock.writeLock().unlock();
    return this;
  }

  /** True once {@link #freeze()} was called. */
  @Override
  public boolean isImmutable() {
    return frozen;
  }

  /** Adds a directory (no change if it exists). */
  public MemoryProvider directory(String path) {
    lock.writeLock().lock();
    try {
      checkNotFrozen();
      ProjectedPath p = parse(path);
      if (!p.isRoot()) {
        Node parent = mkdirs(p.parent());
        Node existing = parent.children.get(p.name());
        if (existing == null || !existing.info.isDirectory()) {
          parent.put(p.name(), Node.directory(PlaceholderInfo.directory().times(time).build()));
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
    return this;
  }

  /** Adds or replaces a file holding {@code content} (not copied: do not change it afterwards). */
  public MemoryProvider file(String path, byte[] content) {
    return file(path, content.length, ContentSource.of(content));
  }

  /** Adds or replaces a file of {@code size} bytes produced on demand by {@code source}. */
  public MemoryProvider file(String path, long size, ContentSource source) {
    Objects.requireNonNull(source);
    return item(path, PlaceholderInfo.file(size).times(time).build(), source);
  }

  /** Adds or replaces a symbolic link to {@code target}. */
  public MemoryProvider symlink(String path, String target) {
    return item(path, PlaceholderInfo.symlink(target).times(time).build(), null);
  }

  /**
   * Adds or replaces an item described by {@code info} (any times, mode or version); {@code
   * source} produces a file's bytes and is ignored for other types. A directory keeps its children.
   *
   * @throws IllegalArgumentException if a parent is not a directory, or a directory would be
   *     replaced by another type of item
   */
  public MemoryProvider item(String path, PlaceholderInfo info, ContentSource source) {
    Objects.requireNonNull(info);
    if (info.isFile()) {
      Objects.requireNonNull(source, "a file needs a content source");
    }
    lock.writeLock().lock();
    try {
      checkNotFrozen();
      ProjectedPath p = parse(path);
      if (p.isRoot()) {
        throw new IllegalArgumentException("the root cannot be replaced");
      }
      Node parent = mkdirs(p.parent());
      Node existing = parent.children.get(p.name());
      if (existing != null && existing.info.isDirectory() != info.isDirectory()) {
        throw new IllegalArgumentException(p + " exists as a " + existing.info.type());
      }
      Node node = info.isDirectory()
          ? (existing == null ? Node.directory(info) : existing.withInfo(info))
          : new Node(info, info.isFile() ? source : null, null);
      parent.put(p.name(), node);
    } finally {
      lock.writeLock().unlock();
    }
    return this;
  }

  /** Removes an item, with everything under it. @return whether it existed */
  public boolean remove(String path) {
    lock.writeLock().lock();
    try {
      checkNotFrozen();
      ProjectedPath p = parse(path);
      if (p.isRoot()) {
        return false;
      }
      Node parent = find(p.parent());
      return parent != null && parent.children != null && parent.remove(p.name());
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void checkNotFrozen() {
    if (frozen) {
      throw new IllegalStateException("the tree is frozen: it cannot change any more");
    }
  }

  /** The item's information, or null if there is none. */
  public PlaceholderInfo info(String path) {
    lock.readLock().lock();
    try {
      Node node = find(parse(path));
      return node == null ? null : node.info;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** True: the tree is in memory (file contents may come from elsewhere; they are not metadata). */
  @Override
  public boolean answersMetadataFromMemory() {
    return true;
  }

  @Override
  public void enumerate(EnumerationRequest request, EntrySink sink) throws IOException {
    Listing listing;
    lock.readLock().lock();
    try {
      Node dir = find(request.directory());
      if (dir == null) {
        throw new NoSuchFileException(request.directory().toString());
      }
      if (dir.children == null) {
        throw new NotDirectoryException(request.directory().toString());
      }
      listing = dir.listing(request.collation());
    } finally {
      lock.readLock().unlock();
    }
    // The listing is an immutable snapshot: the sink is fed without holding the lock. Names the
    // search expression does not match are dropped by holofs.
    for (int i = listing.after(request.resumeAfter()); i < listing.names.length; i++) {
      if (request.command().isCancelled()) {
        return;
      }
      if (!sink.add(listing.names[i], listing.infos[i])) {
        return; // buffer full: the next call resumes after the last accepted name
      }
    }
  }

  @Override
  public PlaceholderInfo getPlaceholder(Command command, ProjectedPath path) {
    Node node = lookUp(path);
    return node == null ? null : node.info;
  }

  @Override
  public void getFileData(Command command, ProjectedPath path, long offset, int length,
      DataSink sink) throws IOException {
    Node node = lookUp(path);
    if (node == null) {
      throw new NoSuchFileException(path.toString());
    }
    if (!node.info.isFile()) {
      throw new IOException(Printable.of(path.toString()) + " is a "
          + node.info.type().name().toLowerCase() + ", not a file");
    }
    long end = Math.min(node.info.size(), offset + length);
    for (long at = offset; at < end && !command.isCancelled(); ) {
      node.source.write(at, (int) Math.min(CHUNK, end - at), sink);
      long next = sink.position(); // a source may write less than asked: go on from there
      if (next <= at) {
        throw new IOException(Printable.of(path.toString())
            + ": its content source wrote nothing at offset " + at);
      }
      at = next;
    }
  }

  @Override
  public String toString() {
    return "MemoryProvider";
  }

  private static ProjectedPath parse(String path) {
    return ProjectedPath.of(path.startsWith("/") ? path.substring(1) : path);
  }

  /**
   * The node at {@code path}, or null. Once frozen, without the lock: nothing changes any more,
   * and a read lock is two atomic updates of a counter every request thread shares.
   */
  private Node lookUp(ProjectedPath path) {
    if (frozen) {
      return find(path); // frozen is set under the write lock, after every change
    }
    lock.readLock().lock();
    try {
      return find(path);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The node at {@code path}, or null; call holding the lock (or frozen). */
  private Node find(ProjectedPath path) {
    if (path.isRoot()) {
      return root;
    }
    Node dir = find(path.parent()); // by the parents' names, not by splitting the path anew
    return dir == null || dir.children == null ? null : dir.children.get(path.name());
  }

  /** The directory at {@code path}, created with its parents if missing; call holding the write lock. */
  private Node mkdirs(ProjectedPath path) {
    Node node = root;
    for (String name : path.names()) {
      Node child = node.children.get(name);
      if (child == null) {
        child = Node.directory(PlaceholderInfo.directory().times(time).build());
        node.put(name, child);
      } else if (child.children == null) {
        throw new IllegalArgumentException(path + ": " + name + " is not a directory");
      }
      node = child;
    }
    return node;
  }

  /** An item; a directory's children are guarded by the provider's lock. */
  private static final class Node {
    final PlaceholderInfo info;
    final ContentSource source;
    final TreeMap<String, Node> children;
    /** Sorted snapshots of the children, by collation; dropped on every change. */
    final Map<Collation, Listing> listings;

    Node(PlaceholderInfo info, ContentSource source, TreeMap<String, Node> children) {
      this.info = info;
      this.source = source;
      this.children = children;
      this.listings = children == null ? null : new ConcurrentHashMap<>();
    }

    static Node directory(PlaceholderInfo info) {
      return new Node(info, null, new TreeMap<>(Collation.BYTE_ORDER));
    }

    /** The same directory with other information; shares the children. */
    Node withInfo(PlaceholderInfo info) {
      return new Node(info, null, children);
    }

    void put(String name, Node child) {
      children.put(name, child);
      listings.clear();
    }

    boolean remove(String name) {
      listings.clear();
      return children.remove(name) != null;
    }

    /** Call holding at least the read lock. */
    Listing listing(Collation collation) {
      return listings.computeIfAbsent(collation, c -> Listing.of(children, c));
    }
  }

  /** An immutable sorted snapshot of a directory's children. */
  private static final class Listing {
    final String[] names;
    final PlaceholderInfo[] infos;
    final Collation collation;

    private Listing(String[] names, PlaceholderInfo[] infos, Collation collation) {
      this.names = names;
      this.infos = infos;
      this.collation = collation;
    }

    static Listing of(Map<String, Node> children, Collation collation) {
      String[] names = children.keySet().toArray(String[]::new);
      Arrays.sort(names, collation);
      PlaceholderInfo[] infos = new PlaceholderInfo[names.length];
      for (int i = 0; i < names.length; i++) {
        infos[i] = children.get(names[i]).info;
      }
      return new Listing(names, infos, collation);
    }

    /** The index of the first name strictly after {@code name} (0 for null). */
    int after(String name) {
      return name == null ? 0 : collation.indexAfter(names.length, i -> names[i], name);
    }
  }
}
