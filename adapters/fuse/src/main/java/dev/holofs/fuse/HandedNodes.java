package dev.holofs.fuse;

import java.util.Arrays;
import java.util.function.BooleanSupplier;

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
  /** The first node handed out: a LOOKUP's only one. */
  private long first;
  /** The others, made at the second: most replies hand out one node or none. */
  private long[] more;
  private int count;

  HandedNodes(NodeTable nodes) {
    this.nodes = nodes;
  }

  /** One node handed out once. */
  static HandedNodes one(NodeTable nodes, long nodeid) {
    HandedNodes h = new HandedNodes(nodes);
    h.add(nodeid);
    return h;
  }

  /** {@code nodeid} was counted once more for this reply. */
  void add(long nodeid) {
    if (count == 0) {
      first = nodeid;
    } else {
      if (more == null) {
        more = new long[16];
      } else if (count - 1 == more.length) {
        more = Arrays.copyOf(more, more.length * 2);
      }
      more[count - 1] = nodeid;
    }
    count++;
  }

  /** How many counts this reply hands out. */
  int size() {
    return count;
  }

  /**
   * Writes the reply with {@code write} (true: the kernel took it); unless it was taken, every
   * count it handed out is taken back, whatever happened while encoding or writing. Called once.
   */
  boolean deliver(BooleanSupplier write) {
    boolean delivered = false;
    try {
      delivered = write.getAsBoolean();
      return delivered;
    } finally {
      for (int i = 0; !delivered && i < count; i++) {
        nodes.forget(i == 0 ? first : more[i - 1], 1);
      }
      count = 0;
    }
  }
}
