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
 */
final class NodeTable {

  /** One nodeid. */
  static final class Node {
    final long id;
    final ProjectedPath path;
    /** The parent's live node when this one was made, or null (the root, or parent unknown). */
    final Node parent;
    /** Live children by name: a listing finds its entries' ids without building paths. */
    final ConcurrentHashMap<String, Node> children = new ConcurrentHashMap<>();
    volatile PlaceholderInfo info;
    /** Guarded by the table's per-path lock (the map bin of {@link #path}). */
    long lookups;

    Node(long id, ProjectedPath path, Node parent, PlaceholderInfo info) {
      this.id = id;
      this.path = path;
      this.parent = parent;
      this.info = info;
    }

    @Override
    public String toString() {
      return "Node[" + id + " /" + path + "]";
    }
  }

  private final ConcurrentHashMap<Long, Node> byId = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ProjectedPath, Node> byPath = new ConcurrentHashMap<>();
  private final AtomicLong lastId = new AtomicLong(Protocol.ROOT_ID);
  private final Node root;

  NodeTable(PlaceholderInfo rootInfo) {
    root = new Node(Protocol.ROOT_ID, ProjectedPath.ROOT, null, rootInfo);
    root.lookups = 1;
    byId.put(root.id, root);
    byPath.put(root.path, root);
  }

  Node root() {
    return root;
  }

  /** The node with {@code nodeid}, or null if it was forgotten (or never given out). */
  Node get(long nodeid) {
    return byId.get(nodeid);
  }

  /** The live node for {@code path}, or null. */
  Node find(ProjectedPath path) {
    return byPath.get(path);
  }

  /** The live node named {@code name} in directory {@code dir}, or null. */
  Node find(Node dir, String name) {
    return dir.children.get(name);
  }

  /** Hands out the node for {@code path} once more (a new one if none is live) with {@code info}. */
  Node lookup(ProjectedPath path, PlaceholderInfo info) {
    return byPath.compute(path, (p, node) -> {
      if (node == null) {
        Node parent = byPath.get(p.parent());
        node = new Node(lastId.incrementAndGet(), p, parent, info);
        byId.put(node.id, node);
        if (parent != null) {
          parent.children.put(p.name(), node);
        }
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
    byPath.compute(node.path, (p, current) -> {
      node.lookups -= count;
      if (node.lookups <= 0) {
        byId.remove(node.id);
        unlink(node);
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
    Node node = byPath.get(path);
    if (node != null && node != root) {
      byPath.remove(path, node);
      unlink(node);
    }
    return node;
  }

  private static void unlink(Node node) {
    if (node.parent != null) {
      node.parent.children.remove(node.path.name(), node);
    }
  }

  /** How many nodeids are live, the root included. */
  int size() {
    return byId.size();
  }
}
