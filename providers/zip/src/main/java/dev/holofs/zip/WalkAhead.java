package dev.holofs.zip;

import dev.holofs.spi.Collation;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Inflates ahead of a reader that walks the files in listing order ({@code grep -r}, {@code tar
 * c}, a build): once a file is started right after the one before it in that order (a few
 * files skipped at most: empty ones are never read), the next entries
 * are inflated into the cache on a background thread, so the reader finds them there while it
 * spends its own time on the round trips. Only entries inflated whole are taken, and the bytes
 * inflated ahead but not yet read stay within a share of the cache. A reader that starts a file
 * out of order stops it: the work queued is cancelled and what it inflated is dropped.
 */
final class WalkAhead {

  /** Files a listing-order reader may skip (empty ones are never read) and still be in order. */
  static final int GAP = 8;

  private final ZipTree tree;
  private final EntryReader reader;
  private final long budget;
  private final ThreadPoolExecutor thread;

  // Guarded by this.
  private Collation collation = Collation.BYTE_ORDER;
  private int[] walk;
  private int[] position;
  private int last = -1;
  /** The next walk position the background thread considers. */
  private int frontier;
  /** Bumped on every cancel: a task of an older generation stops and drops what it inflated. */
  private long generation;
  private boolean running;
  /** Inflated ahead and not yet started by the reader, in walk order: {position, size} pairs. */
  private final ArrayDeque<long[]> pending = new ArrayDeque<>();
  private long pendingBytes;
  private long inflatedAhead;
  private long served;

  /**
   * @param budget the most bytes inflated ahead and not yet read at once
   */
  WalkAhead(ZipTree tree, EntryReader reader, long budget) {
    this.tree = tree;
    this.reader = reader;
    this.budget = budget;
    this.thread = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        r -> {
          Thread t = new Thread(r, "holofs-zip-walk-ahead");
          t.setDaemon(true);
          return t;
        });
    this.thread.allowCoreThreadTimeOut(true);
  }

  /** The order listings are given in (the walk follows it); byte order until told. */
  synchronized void listedIn(Collation c) {
    if (c != collation) {
      cancel();
      collation = c;
      walk = null;
    }
  }

  /** A reader starts reading file {@code node} (a read at offset 0). */
  void starting(int node) {
    synchronized (this) {
      if (thread.isShutdown()) {
        return; // closed
      }
      if (walk == null) {
        walk = tree.walk(collation);
        position = new int[tree.nodeCount()];
        Arrays.fill(position, -1);
        for (int i = 0; i < walk.length; i++) {
          position[walk[i]] = i;
        }
      }
      int pos = position[node];
      if (pos < 0) {
        return;
      }
      if (pos == last) {
        return; // the same file again (opened twice, say): neither in order nor out of it
      }
      boolean inOrder = last >= 0 && pos > last && pos - last <= GAP;
      last = pos;
      if (!inOrder) {
        if (pending.removeIf(p -> p[0] == pos)) {
          served++;
        }
        cancel();
        return;
      }
      // What the reader passed is no longer ahead of it; what it skipped, no read will drop.
      while (!pending.isEmpty() && pending.peekFirst()[0] <= pos) {
        long[] p = pending.pollFirst();
        pendingBytes -= p[1];
        if (p[0] == pos) {
          served++;
        } else {
          reader.dropWhole(tree.record(walk[(int) p[0]]));
        }
      }
      frontier = Math.max(frontier, pos + 1);
      if (!running && pendingBytes < budget && frontier < walk.length) {
        running = true;
        long gen = generation;
        thread.execute(() -> run(gen));
      }
    }
  }

  /** Stops the work ahead and drops what it inflated that the reader has not read. */
  private void cancel() {
    if (!running && pending.isEmpty()) {
      return;
    }
    generation++;
    for (long[] p : pending) {
      reader.dropWhole(tree.record(walk[(int) p[0]])); // no read state made for a key
    }
    pending.clear();
    pendingBytes = 0;
    frontier = 0;
    running = false; // the running task sees the new generation and stops
  }

  private void run(long gen) {
    while (true) {
      int pos;
      int node;
      synchronized (this) {
        if (gen != generation || pendingBytes >= budget || frontier >= walk.length) {
          if (gen == generation) {
            running = false;
          }
          return;
        }
        pos = frontier++;
        node = walk[pos];
      }
      // From the record first: a read state is made only for an entry inflated ahead (the
      // reader then releases it), not for every stored or chunked one passed on the way.
      CdEntry entry = tree.entry(node);
      if (!reader.inflatesWhole(entry) || reader.hasWhole(entry)) {
        continue;
      }
      FileEntry file = tree.file(node);
      if (file.failure != null) {
        continue;
      }
      try {
        reader.inflateAhead(file);
      } catch (IOException | RuntimeException e) {
        continue; // a broken entry: its reader hears why
      }
      synchronized (this) {
        if (gen != generation) {
          reader.dropWhole(file.entry.index()); // the reader went elsewhere meanwhile
          return;
        }
        if (pos > last) {
          pending.addLast(new long[] {pos, file.entry.size()});
          pendingBytes += file.entry.size();
          inflatedAhead++;
        } else if (pos < last) {
          reader.dropWhole(file.entry.index()); // the reader skipped it while it was inflated
        }
      }
    }
  }

  /** Entries inflated ahead so far (for tests and diagnostics). */
  synchronized long inflatedAhead() {
    return inflatedAhead;
  }

  /** Entries a reader started that had been inflated ahead for it (for tests and diagnostics). */
  synchronized long served() {
    return served;
  }

  /** Whether work ahead is queued or running (for tests). */
  synchronized boolean running() {
    return running;
  }

  /**
   * Whether the background thread is idle: nothing queued, and no task, not even a cancelled one
   * still finishing its entry, is changing the cache (for tests that measure it at rest).
   */
  synchronized boolean quiet() {
    return !running && thread.getActiveCount() == 0 && thread.getQueue().isEmpty();
  }

  /**
   * Stops the work ahead and waits for the entry in flight: interrupted, its read of the archive
   * would fail as if the entry were damaged, and its inflater could be left unended.
   */
  void close() {
    synchronized (this) {
      generation++; // the task in flight stops after its entry
      thread.shutdown();
    }
    try {
      if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
