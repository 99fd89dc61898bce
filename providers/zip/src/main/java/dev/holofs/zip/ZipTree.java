package dev.holofs.zip;

import dev.holofs.spi.Collation;
import dev.holofs.spi.ProjectedPath;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The directory tree of an archive, made by {@link ZipTreeBuilder}. Nodes are ints (see
 * {@link Nodes}); a directory's children are a range of one array, sorted in byte order, where a
 * binary search finds a name. So a tree of 100,000 entries is a few dozen arrays, not 100,000
 * objects for the garbage collector to trace: a mount's first collection otherwise lands in its
 * first listing. Nothing here changes once made, but for listings in Windows order, made on first
 * use, and entries' read state ({@link #file}), made on first use and dropped when released.
 */
final class ZipTree {

  static final int ROOT = Nodes.ROOT;
  static final int NONE = Nodes.NONE;

  final CdRecords records;
  /** How many entries were skipped as unsafe, duplicate or clashing. */
  final int skipped;
  private final Nodes nodes;
  /** A directory's children are {@code children[firstChild, firstChild + childCount)}. */
  private final int[] firstChild;
  private final int[] childCount;
  private final int[] children;
  /** Directories' children in Windows order (the only order besides byte order). */
  private final Map<Integer, int[]> windowsOrders = new ConcurrentHashMap<>();
  private final AtomicReferenceArray<FileEntry> files;
  /**
   * Where a released file's data starts (0 until known; no data starts at 0): its next state need
   * not read the local header from the archive again, a disk read once the page cache is cold.
   * Atomic: a releasing reader writes it and another thread's read state reads it, and a plain
   * long may be seen torn (JLS 17.7): a wrong data start would serve wrong bytes.
   */
  private final AtomicLongArray dataStarts;

  ZipTree(CdRecords records, Nodes nodes, int[] firstChild, int[] childCount, int[] children,
      int skipped) {
    this.records = records;
    this.nodes = nodes;
    this.firstChild = firstChild;
    this.childCount = childCount;
    this.children = children;
    this.skipped = skipped;
    this.files = new AtomicReferenceArray<>(nodes.count());
    this.dataStarts = new AtomicLongArray(nodes.count());
  }

  /** The node at {@code path}, or {@link #NONE}. */
  int find(ProjectedPath path) {
    int n = ROOT;
    for (String name : path.names()) {
      if (!nodes.isDirectory(n)) {
        return NONE;
      }
      n = lookup(n, name.getBytes(StandardCharsets.UTF_8));
      if (n == NONE) {
        return NONE;
      }
    }
    return n;
  }

  boolean isDirectory(int node) {
    return nodes.isDirectory(node);
  }

  /** The node's record in {@link #records}, or {@link #NONE} for an implied directory. */
  int record(int node) {
    return nodes.record(node);
  }

  String name(int node) {
    return nodes.name(node);
  }

  int childCount(int dir) {
    return childCount[dir];
  }

  /** The {@code i}th child of {@code dir} in {@code collation} order. */
  int childAt(int dir, int i, Collation collation) {
    return collation == Collation.BYTE_ORDER ? children[firstChild[dir] + i] : windowsOrder(dir)[i];
  }

  /** The index (as {@link #childAt}'s) of the first child of {@code dir} after {@code name}. */
  int indexAfter(int dir, String name, Collation collation) {
    return collation.indexAfter(childCount[dir], i -> nodes.name(childAt(dir, i, collation)), name);
  }

  /** The node's path from the root, for messages and tests. */
  String path(int node) {
    return nodes.path(node);
  }

  /** How many nodes the tree has (nodes are {@code 0} to {@code nodeCount() - 1}). */
  int nodeCount() {
    return files.length();
  }

  /**
   * The files in the order a recursive reader ({@code grep -r}, {@code tar c}, {@code find |
   * xargs cat}) meets them: depth first, each directory's children in {@code collation} order.
   */
  int[] walk(Collation collation) {
    int[] out = new int[nodeCount()];
    int n = 0;
    int[] dirs = new int[16];
    int[] next = new int[16];
    int depth = 0;
    dirs[0] = ROOT;
    while (depth >= 0) {
      int dir = dirs[depth];
      if (next[depth] == childCount[dir]) {
        depth--;
        continue;
      }
      int child = childAt(dir, next[depth]++, collation);
      if (!nodes.isDirectory(child)) {
        out[n++] = child;
      } else {
        if (++depth == dirs.length) {
          dirs = Arrays.copyOf(dirs, depth * 2);
          next = Arrays.copyOf(next, depth * 2);
        }
        dirs[depth] = child;
        next[depth] = 0;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** The central directory record of file {@code node}; makes no read state. */
  CdEntry entry(int node) {
    return records.get(nodes.record(node));
  }

  /** The read state of {@code node} (a file, not a directory), made once, kept until released. */
  FileEntry file(int node) {
    FileEntry f = files.get(node);
    if (f == null) {
      f = new FileEntry(entry(node), nodes, node);
      long start = dataStarts.get(node);
      if (start > 0) {
        f.dataStart = start;
      }
      // Not a second get: the winner's state may be released meanwhile, leaving null there.
      FileEntry won = files.compareAndExchange(node, null, f);
      if (won != null) {
        f = won;
      }
    }
    return f;
  }

  /** Whether {@code node} has a read state now (for tests). */
  boolean hasFile(int node) {
    return files.get(node) != null;
  }

  /**
   * Forgets {@code file}, the read state of {@code node}, once a reader went through it from start
   * to end without fault: the kernel keeps the pages of an archive that cannot change, so it is
   * seldom read again, and states kept for 100,000 files each read once took 13 MB of heap. A
   * later read makes a new state (and checks the CRC again); only where the data starts is kept.
   */
  void release(int node, FileEntry file) {
    if (files.compareAndSet(node, file, null)) {
      dataStarts.set(node, Math.max(0, file.dataStart));
    }
  }

  /** The child of {@code dir} named {@code utf8}, or {@link #NONE}. */
  private int lookup(int dir, byte[] utf8) {
    int lo = firstChild[dir];
    int hi = lo + childCount[dir] - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = nodes.compareName(children[mid], utf8);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return children[mid];
      }
    }
    return NONE;
  }

  private int[] windowsOrder(int dir) {
    return windowsOrders.computeIfAbsent(dir, d -> {
      int n = childCount[d];
      String[] names = new String[n];
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
        names[i] = nodes.name(children[firstChild[d] + i]);
      }
      Arrays.sort(order, (a, b) -> Collation.WINDOWS.compare(names[a], names[b]));
      int[] sorted = new int[n];
      for (int i = 0; i < n; i++) {
        sorted[i] = children[firstChild[d] + order[i]];
      }
      return sorted;
    });
  }
}
