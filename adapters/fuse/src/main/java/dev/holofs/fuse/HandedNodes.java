package dev.holofs.fuse;

import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * The node counts one reply hands the kernel (a LOOKUP's entry, a READDIRPLUS reply's entries
 * with a node), each counted in the {@link NodeTable} before the reply is written. The kernel
 * counts them only if it takes the reply: one that fails to encode, or that the kernel refuses
 * (the request is gone: interrupted, or the connection aborted; or the reply was malformed), is
 * never forgotten by the kernel, so its counts are taken back here, as libfuse does when
 * {@code fuse_reply_entry} fails. A count is taken back by the adapter's one rule for forgetting
 * ({@code forgetOne}), which also ends what a node that dies leaves behind (its unfinished listing).
 */
final class HandedNodes {

  /** Forgets one count of a node, as a FORGET from the kernel would. */
  private final LongConsumer forgetOne;
  /** The first node handed out: a LOOKUP's only one. */
  private long first;
  /** The others, made at the second: most replies hand out one node or none. */
  private long[] more;
  private int count;

  HandedNodes(LongConsumer forgetOne) {
    this.forgetOne = forgetOne;
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
      for (int i = 0; i < count; i++) {
        settle(delivered, forgetOne, i == 0 ? first : more[i - 1]);
      }
      count = 0;
    }
  }

  /**
   * The rule for one count of {@code nodeid} handed out by a reply: taken back unless the kernel
   * took the reply ({@code delivered}). Called in a {@code finally} around writing a reply with one
   * node (a LOOKUP's), which needs no object of this class.
   */
  static void settle(boolean delivered, LongConsumer forgetOne, long nodeid) {
    if (!delivered) {
      forgetOne.accept(nodeid);
    }
  }
}
