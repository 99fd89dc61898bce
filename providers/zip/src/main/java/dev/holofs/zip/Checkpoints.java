package dev.holofs.zip;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Restart points of deflated entries, left by {@link IndexingCursor}s, within a memory budget (a
 * share of the provider's cache size, kept apart from the inflated data so that chunks passing
 * through never push them out). An entry's points are {@link #interval(FileEntry)} apart: the
 * configured interval, or wider for an entry whose full index would not fit in the budget, so a
 * huge entry is indexed from end to end rather than densely at its start only. An entry is
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

  Checkpoints(int interval, long budget) {
    this.interval = interval;
    this.budget = budget;
  }

  /** Bytes between checkpoints; 0 if none are kept. */
  int interval() {
    return interval;
  }

  /** Bytes between {@code file}'s checkpoints: its whole index takes at most the budget. */
  long interval(FileEntry file) {
    long windows = Math.max(1, budget / Checkpoint.MAX_FOOTPRINT);
    return Math.max(interval, file.entry.size() / windows + 1);
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

  /** Keeps {@code cp} if it extends {@code file}'s checkpoints and fits in the budget. */
  synchronized void record(FileEntry file, Checkpoint cp) {
    PerEntry e = entries.computeIfAbsent(file, n -> new PerEntry());
    List<Checkpoint> l = e.list;
    if (!l.isEmpty() && l.get(l.size() - 1).outPos() >= cp.outPos()) {
      return; // another indexing cursor went there first
    }
    if (used + cp.footprint() > budget) {
      return;
    }
    used += cp.footprint();
    l.add(cp);
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
