package dev.holofs.zip;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The live inflater positions of all deflated entries. A reader borrows the cursor that is
 * closest before its offset, waits for a busy one that is just behind it (a sequential reader's
 * next chunk is usually being inflated by the previous read), or starts a new one at the nearest
 * checkpoint. Idle cursors beyond the limit are ended, least recently used first.
 */
final class CursorPool {

  /**
   * Factory of new cursors; called without the pool's lock (it may read the archive). It may
   * decline (return null): then {@link #acquire} returns null.
   */
  interface Factory {
    Cursor create(FileEntry file, Checkpoint from) throws IOException;
  }

  private final int maxIdle;
  /** A busy cursor this close behind the target is waited for rather than duplicated. */
  private final long waitDistance;
  private final List<Cursor> cursors = new ArrayList<>();
  private long clock;
  private boolean closed;

  CursorPool(int maxIdle, long waitDistance) {
    this.maxIdle = maxIdle;
    this.waitDistance = waitDistance;
  }

  /**
   * A cursor of {@code file} at or before {@code target}, marked busy; give it back with
   * {@link #release}. {@code start} is where a new cursor would start (a checkpoint, or null for
   * the entry's start). Null if none is near and the factory declined to start one.
   */
  Cursor acquire(FileEntry file, long target, Checkpoint start, Factory factory) throws IOException {
    Cursor found = borrow(file, target, start == null ? 0 : start.outPos());
    if (found != null) {
      return found;
    }
    Cursor c = factory.create(file, start);
    if (c == null) {
      return null;
    }
    synchronized (this) {
      if (closed) {
        c.end();
        throw new IOException("the archive is closed");
      }
      c.busy = true;
      cursors.add(c);
    }
    return c;
  }

  /** The best idle cursor at or after {@code fresh} and at or before {@code target}, or null. */
  private synchronized Cursor borrow(FileEntry file, long target, long fresh) throws IOException {
    while (true) {
      if (closed) {
        throw new IOException("the archive is closed");
      }
      Cursor best = null;
      for (Cursor c : cursors) {
        if (c.file == file && c.outPos <= target && (best == null || c.outPos > best.outPos)) {
          best = c;
        }
      }
      if (best == null || best.outPos < fresh) {
        break;
      }
      if (!best.busy) {
        best.busy = true;
        return best;
      }
      if (target - best.outPos > waitDistance) {
        break;
      }
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted waiting for an inflater");
      }
    }
    return null;
  }

  /** Gives a cursor back; a broken one ({@code discard}) or one at its entry's end is ended. */
  synchronized void release(Cursor c, boolean discard) {
    c.busy = false;
    c.lastUsed = ++clock;
    if (discard || c.atEnd() || closed) {
      cursors.remove(c);
      c.end();
    }
    trim();
    notifyAll();
  }

  /** Ends every idle cursor of {@code file} (it failed: nothing more is inflated). */
  synchronized void forget(FileEntry file) {
    for (Iterator<Cursor> it = cursors.iterator(); it.hasNext(); ) {
      Cursor c = it.next();
      if (c.file == file && !c.busy) {
        it.remove();
        c.end();
      }
    }
    notifyAll();
  }

  synchronized int size() {
    return cursors.size();
  }

  private void trim() {
    long idle = cursors.stream().filter(c -> !c.busy).count();
    while (idle > maxIdle) {
      Cursor lru = null;
      for (Cursor c : cursors) {
        if (!c.busy && (lru == null || c.lastUsed < lru.lastUsed)) {
          lru = c;
        }
      }
      cursors.remove(lru);
      lru.end();
      idle--;
    }
  }

  synchronized void close() {
    closed = true;
    for (Iterator<Cursor> it = cursors.iterator(); it.hasNext(); ) {
      Cursor c = it.next();
      if (!c.busy) {
        it.remove();
        c.end();
      }
    }
    notifyAll();
  }
}
