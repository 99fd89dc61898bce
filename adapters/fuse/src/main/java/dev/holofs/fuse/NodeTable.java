package dev.holofs.fuse;

import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The kernel's nodeids and what they stand for. A nodeid is handed out by a LOOKUP (or a
 * READDIRPLUS entry), counted per hand-out, and stays valid until FORGET brings its count back to
 * zero; ids are never reused. Each node keeps the latest placeholder info, whose version goes back
 * to the provider with every read.
 *
 * <p>Live nodes are found by name in their parent's children: the kernel always names a child by
 * its parent's nodeid, and holds the parent while it holds the child, so no table by path is
 * needed. A name's bin in its parent's map is the lock for that name's count.
 */
final class NodeTable {

  /** One nodeid. */
  static final class Node {
    final long id;
    final ProjectedPath path;
    /** The parent's node when this one was made; null for the root. */
    final Node parent;
    /**
     * Live children by name; made at the first one, as most nodes are files that never have any
     * (an empty map is some 64 bytes, a tenth of a node, and a mount may hold 100,000 nodes).
     */
    private volatile ConcurrentHashMap<String, Node> children;
    volatile PlaceholderInfo info;
    /**
     * When (System.nanoTime) the kernel last began filling its cached listing of this directory
     * (FOPEN_CACHE_DIR); 0 if it has none that holofs may let it keep.
     */
    volatile long listingCachedAt;
    /** Guarded by this node's bin in its parent's {@link #children}. */
    long lookups;

    Node(long id, ProjectedPath path, Node parent, PlaceholderInfo info) {
      this.id = id;
      this.path = path;
      this.parent = parent;
      this.info = info;
    }

    /** The live child named {@code name}, or null. */
    Node child(String name) {
      ConcurrentHashMap<String, Node> c = children;
      return c == null ? null : c.get(name);
    }

    /** The live children by name, made if there were none. */
    ConcurrentHashMap<String, Node> children() {
      ConcurrentHashMap<String, Node> c = children;
      if (c == null) {
        synchronized (this) {
          c = children;
          if (c == null) {
            children = c = new ConcurrentHashMap<>(4);
          }
        }
      }
      return c;
    }

    @Override
    public String toString() {
      return "Node[" + id + " /" + path + "]";
    }
  }

  private final ConcurrentHashMap<Long, Node> byId = new ConcurrentHashMap<>(1 << 12);
  private final AtomicLong lastId = new AtomicLong(Protocol.ROOT_ID);
  /** Bumped by {@link #changed}. */
  private final AtomicLong changes = new AtomicLong();
  private final Node root;

  NodeTable(PlaceholderInfo rootInfo) {
    root = new Node(Protocol.ROOT_ID, ProjectedPath.ROOT, null, rootInfo);
    root.lookups = 1;
    byId.put(root.id, root);
  }

  Node root() {
    return root;
  }

  /**
   * An item changed outside a listing ({@code updateFileIfNeeded}, a deletion): a listing fetched
   * before may hold older information than a LOOKUP now answers.
   */
  void changed() {
    changes.incrementAndGet();
  }

  /** How many changes there were ({@link #changed}); equal counts: none in between. */
  long changes() {
    return changes.get();
  }

  /** The node with {@code nodeid}, or null if it was forgotten (or never given out). */
  Node get(long nodeid) {
    return byId.get(nodeid);
  }

  /** The live node for {@code path}, or null. */
  Node find(ProjectedPath path) {
    Node n = root;
    for (String name : path.names()) {
      n = n.child(name);
      if (n == null) {
        return null;
      }
    }
    return n;
  }

  /** The live node named {@code name} in directory {@code dir}, or null. */
  Node find(Node dir, String name) {
    // Listings ask this for every name; most directories have no live children, and the check
    // spares hashing each name.
    ConcurrentHashMap<String, Node> children = dir.children;
    return children == null || children.isEmpty() ? null : children.get(name);
  }

  /**
   * Hands out the node named {@code name} in {@code dir} once more (a new one if none is live),
   * with {@code info}.
   */
  Node lookup(Node dir, String name, PlaceholderInfo info) {
    return dir.children().compute(name, (n, node) -> {
      if (node == null) {
        node = new Node(lastId.incrementAndGet(), dir.path.resolve(n), dir, info);
        byId.put(node.id, node);
      } else {
        node.info = info;
      }
      node.lookups++;
      return node;
    });
  }

  /** The kernel dropped {@code count} references to {@code nodeid}; at zero the id is gone. */
  void forget(long nodeid, long count) {
    Node node = byId.get(nodeid);
    if (node == null || node == root) {
      return;
    }
    node.parent.children().compute(node.path.name(), (n, current) -> {
      node.lookups -= count;
      if (node.lookups <= 0) {
        byId.remove(node.id);
        return current == node ? null : current;
      }
      return current;
    });
  }

  /**
   * Detaches the node for {@code path} (the item was deleted): the kernel may still use its id
   * until it forgets it, but a new lookup of the path gets a fresh node.
   */
  Node detach(ProjectedPath path) {
    Node node = find(path);
    if (node != null && node != root) {
      node.parent.children().remove(path.name(), node);
    }
    return node;
  }

  /** How many nodeids are live, the root included. */
  int size() {
    return byId.size();
  }
}
