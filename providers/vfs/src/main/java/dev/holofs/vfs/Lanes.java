package dev.holofs.vfs;

import dev.holofs.spi.Command;
import java.util.List;

/**
 * Routes remote calls across the lanes: each call goes to the lane running the fewest calls (the
 * lowest-numbered among equals, so a single reader keeps to one connection and lanes open only
 * when calls overlap).
 */
final class Lanes {

  /** Work done on one lane. */
  interface LaneWork<T> {
    T run(Lane lane) throws Exception;
  }

  private final List<Lane> lanes;

  Lanes(List<Lane> lanes) {
    this.lanes = List.copyOf(lanes);
  }

  int size() {
    return lanes.size();
  }

  /** Runs {@code work} on the least busy lane (the caller runs it in {@link Command#blocking}). */
  <T> T onLeastBusy(LaneWork<T> work) throws Exception {
    Lane lane = leastBusy();
    try {
      return lane.exclusively(work);
    } finally {
      lane.inFlight().decrementAndGet();
    }
  }

  private Lane leastBusy() {
    while (true) {
      Lane best = lanes.get(0);
      int least = best.inFlight().get();
      for (Lane lane : lanes) {
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

  /** Closes every lane's file system. */
  void close() {
    lanes.forEach(Lane::close);
  }
}
