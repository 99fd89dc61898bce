package dev.holofs.vfs;

import dev.holofs.spi.Command;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Routes remote calls across a source's lanes (Commons VFS file systems, or sftp connections):
 * each call goes to the lane running the fewest calls, the lowest-numbered among equals, so a
 * single reader keeps to one connection and further lanes are used only when calls overlap.
 */
final class Lanes<L extends Lanes.Counted> {

  /** A lane: counts the calls it is running. */
  interface Counted {
    AtomicInteger inFlight();
  }

  /** Work done on one lane. */
  interface Work<L, T, E extends Exception> {
    T run(L lane) throws E;
  }

  private final List<L> lanes;

  Lanes(List<L> lanes) {
    this.lanes = List.copyOf(lanes);
  }

  int size() {
    return lanes.size();
  }

  /** Every lane, the first one first. */
  List<L> all() {
    return lanes;
  }

  /** Runs {@code work} on the least busy lane (the caller runs it in {@link Command#blocking}). */
  <T, E extends Exception> T onLeastBusy(Work<L, T, E> work) throws E {
    return on(leastBusy(), work, false);
  }

  /** Runs {@code work} on {@code lane}, counted as one of its calls (a read of a handle it opened). */
  static <L extends Counted, T, E extends Exception> T on(L lane, Work<L, T, E> work) throws E {
    return on(lane, work, true);
  }

  private static <L extends Counted, T, E extends Exception> T on(L lane, Work<L, T, E> work,
      boolean count) throws E {
    if (count) {
      lane.inFlight().incrementAndGet();
    }
    try {
      return work.run(lane);
    } finally {
      lane.inFlight().decrementAndGet();
    }
  }

  /** The least busy lane, its count already raised (atomically: two callers never both take it as idle). */
  private L leastBusy() {
    while (true) {
      L best = lanes.get(0);
      int least = best.inFlight().get();
      for (L lane : lanes) {
        int n = lane.inFlight().get();
        if (n < least) {
          best = lane;
          least = n;
        }
      }
      if (best.inFlight().compareAndSet(least, least + 1)) {
        return best;
      }
    }
  }
}
