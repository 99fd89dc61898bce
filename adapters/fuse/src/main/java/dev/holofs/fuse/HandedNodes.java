package dev.holofs.fuse;

import java.util.Arrays;

/**
 * The node counts one reply hands the kernel (a LOOKUP's entry, a READDIRPLUS reply's entries
 * with a node), each counted in the {@link NodeTable} before the reply is written. The kernel
 * counts them only if it takes the reply: one that fails to encode, or that the kernel refuses
 * (the request is gone: interrupted, or the connection aborted; or the reply was malformed), is
 * never forgotten by the kernel, so its counts are taken back here, as libfuse does when
 * {@code fuse_reply_entry} fails.
 */
final class HandedNodes {

  private final NodeTable nodes;
  /** Made at the first node handed out: most replies hand out none. */
  private long[] ids;
  private int count;

  HandedNodes(NodeTable nodes) {
    this.nodes = nodes;
  }

  /** One node handed out once. */
  static HandedNodes one(NodeTable nodes, long nodeid) {
    HandedNodes h = new HandedNodes(nodes);
    h.ids = new long[] {nodeid};
    h.count = 1;
    return h;
  }

  /** {@code nodeid} was counted once more for this reply. */
  void add(long nodeid) {
    if (ids == null) {
      ids = new long[16];
    } else if (count == ids.length) {
      ids = Arrays.copyOf(ids, count * 2);
    }
    ids[count++] = nodeid;
  }

  /** How many counts this reply hands out. */
  int size() {
    return count;
  }

  /**
   * The reply was written ({@code delivered}) or not: if not, every count it handed out is taken
   * back. Called once, whatever happened while encoding or writing.
   */
  void settle(boolean delivered) {
    if (!delivered) {
      for (int i = 0; i < count; i++) {
        nodes.forget(ids[i], 1);
      }
    }
    count = 0;
  }
}
