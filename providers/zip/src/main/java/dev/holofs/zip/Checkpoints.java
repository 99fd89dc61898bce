package dev.holofs.zip;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Restart points of deflated entries, left by {@link IndexingCursor}s at least {@link #spacing()}
 * apart, within a memory budget (a share of the provider's cache size, kept apart from the
 * inflated data so that chunks passing through never push them out). The spacing starts at the
 * configured interval; when the points outgrow the budget, it doubles and every entry's points
 * are thinned to it, so they keep covering all the entries evenly, each read inflating at most a
 * spacing's worth, rather than the first entries densely and the rest not at all. An entry is
 * <em>indexed</em> up to the furthest offset an indexing cursor has inflated; beyond, reads index
 * further.
 */
final class Checkpoints {

  private static final class PerEntry {
    final List<Checkpoint> list = new ArrayList<>();
    long indexedTo;
  }

  private final int interval;
  private final long budget;
  private final Map<FileEntry, PerEntry> entries = new IdentityHashMap<>();
  private long used;
  private volatile long spacing;

  Checkpoints(int interval, long budget) {
    this.interval = interval;
    this.budget = budget;
    this.spacing = interval;
  }

  /** The least distance between two checkpoints of an entry now; 0 if none are kept. */
  long spacing() {
    return spacing;
  }

  /** The last checkpoint of {@code file} at or before {@code target}, or null (the start). */
  synchronized Checkpoint before(FileEntry file, long target) {
    PerEntry e = entries.get(file);
    if (e == null || e.list.isEmpty()) {
      return null;
    }
    List<Checkpoint> l = e.list;
    int lo = 0;
    int hi = l.size() - 1;
    Checkpoint best = null;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (l.get(mid).outPos() <= target) {
        best = l.get(mid);
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return best;
  }

  /** Whether checkpoints cover {@code file} up to {@code target}. */
  synchronized boolean isIndexed(FileEntry file, long target) {
    PerEntry e = entries.get(file);
    return interval == 0 || e != null && e.indexedTo >= target;
  }

  /** An indexing cursor of {@code file} has inflated up to {@code pos}. */
  synchronized void indexed(FileEntry file, long pos) {
    PerEntry e = entries.computeIfAbsent(file, n -> new PerEntry());
    e.indexedTo = Math.max(e.indexedTo, pos);
  }

  /**
   * Keeps {@code cp} if it extends {@code file}'s checkpoints at least a spacing further; when
   * that outgrows the budget, the spacing doubles and all checkpoints are thinned to it first.
   */
  synchronized void record(FileEntry file, Checkpoint cp) {
    PerEntry e = entries.computeIfAbsent(file, n -> new PerEntry());
    List<Checkpoint> l = e.list;
    long last = l.isEmpty() ? 0 : l.get(l.size() - 1).outPos();
    if (cp.outPos() - last < spacing) {
      return; // another indexing cursor went there first, or the spacing grew since
    }
    while (used + cp.footprint() > budget) {
      if (!thin()) {
        return;
      }
      last = l.isEmpty() ? 0 : l.get(l.size() - 1).outPos();
      if (cp.outPos() - last < spacing) {
        return;
      }
    }
    used += cp.footprint();
    l.add(cp);
  }

  /** Doubles the spacing and keeps, in every entry, only points that far apart. */
  private boolean thin() {
    if (spacing > Long.MAX_VALUE / 4) {
      return false;
    }
    spacing *= 2;
    for (PerEntry e : entries.values()) {
      long last = 0;
      List<Checkpoint> kept = new ArrayList<>();
      for (Checkpoint cp : e.list) {
        if (cp.outPos() - last >= spacing) {
          kept.add(cp);
          last = cp.outPos();
        } else {
          used -= cp.footprint();
        }
      }
      e.list.clear();
      e.list.addAll(kept);
    }
    return true; // the caller stops once the spacing is past its point
  }

  /** Drops a broken entry's checkpoints. */
  synchronized void forget(FileEntry file) {
    PerEntry e = entries.remove(file);
    if (e != null) {
      e.list.forEach(cp -> used -= cp.footprint());
    }
  }

  synchronized long bytesUsed() {
    return used;
  }
}
