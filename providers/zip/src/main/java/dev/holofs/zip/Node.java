package dev.holofs.zip;

import dev.holofs.spi.Collation;
import dev.holofs.spi.PlaceholderInfo;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One item of the projected tree: a directory (explicit or implied by entry names) or a file
 * entry. Directories keep their children sorted in byte order, plus a lazily made copy in Windows
 * order; lookups binary-search the byte-order array.
 */
final class Node {

  private static final Node[] NONE = new Node[0];

  /** The directory this is in; null for the root. */
  final Node parent;
  final String name;
  final boolean directory;
  /** The central directory record, or null for an implied directory. */
  CdEntry entry;

  /** Where the entry's data starts, once its local header was checked; -1 before. */
  volatile long dataStart = -1;
  /** Why the entry can no longer be read (it inflated past its size, say); null while it can. */
  volatile String failure;
  /** Whether a read was refused and logged once (encrypted, unsupported method). */
  volatile boolean refusalLogged;
  /** The last chunk of this (deflated) entry a reader asked for: sequential reading shows here. */
  volatile long lastChunkRead = -2;
  /** A symlink's target once read. */
  volatile String linkTarget;
  /** The placeholder info once made. */
  volatile PlaceholderInfo info;

  /** Children while the tree is built (directories only); null once frozen. */
  private Map<String, Node> building;
  private Node[] byteOrder = NONE;
  private volatile Node[] windowsOrder;

  Node(Node parent, String name, boolean directory, CdEntry entry) {
    this.parent = parent;
    this.name = name;
    this.directory = directory;
    this.entry = entry;
    this.building = directory ? new HashMap<>(8) : null;
  }

  /** During building: the child named {@code name}, or null. */
  Node child(String name) {
    return building.get(name);
  }

  void add(Node child) {
    building.put(child.name, child);
  }

  /** Ends building: children become sorted arrays, in this whole subtree (no recursion: names may nest deep). */
  void freeze() {
    java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>();
    todo.push(this);
    while (!todo.isEmpty()) {
      Node n = todo.pop();
      if (n.building == null) {
        continue;
      }
      n.byteOrder = n.building.values().toArray(NONE);
      n.building = null;
      Arrays.sort(n.byteOrder, belowSurrogates(n.byteOrder) ? (a, b) -> a.name.compareTo(b.name)
          : (a, b) -> Collation.BYTE_ORDER.compare(a.name, b.name));
      for (Node c : n.byteOrder) {
        if (c.directory) {
          todo.push(c);
        }
      }
    }
  }

  /**
   * Whether no name has a char from U+D800 up: then String's own order (of UTF-16 units, and
   * much faster) is the byte order.
   */
  private static boolean belowSurrogates(Node[] nodes) {
    for (Node n : nodes) {
      String s = n.name;
      for (int i = 0; i < s.length(); i++) {
        if (s.charAt(i) >= 0xD800) {
          return false;
        }
      }
    }
    return true;
  }

  /** The child named {@code name} (exact match), or null. */
  Node find(String name) {
    Node[] kids = byteOrder;
    int lo = 0;
    int hi = kids.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = Collation.BYTE_ORDER.compare(kids[mid].name, name);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return kids[mid];
      }
    }
    return null;
  }

  /** The children in {@code collation} order. */
  Node[] children(Collation collation) {
    if (collation == Collation.BYTE_ORDER) {
      return byteOrder;
    }
    Node[] w = windowsOrder;
    if (w == null) {
      w = byteOrder.clone();
      Arrays.sort(w, (a, b) -> collation.compare(a.name, b.name));
      windowsOrder = w;
    }
    return w;
  }

  /** The index of the first child strictly after {@code name} in {@code sorted}. */
  static int after(Node[] sorted, String name, Collation collation) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (collation.compare(sorted[mid].name, name) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The path in the archive (a directory's with a trailing slash), for messages. */
  @Override
  public String toString() {
    StringBuilder path = new StringBuilder(directory ? name + "/" : name);
    for (Node n = parent; n != null && n.parent != null; n = n.parent) {
      path.insert(0, n.name + "/");
    }
    return path.toString();
  }
}
