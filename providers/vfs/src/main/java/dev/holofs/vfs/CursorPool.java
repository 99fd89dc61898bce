package dev.holofs.vfs;

import dev.holofs.spi.ProjectedPath;
import java.io.Closeable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Idle {@link Cursor}s by file: a read takes the one already at (or a little before) its offset,
 * so sequential readers, several per file, keep their streams. Bounded per file and in all; the
 * least recently used go first. Closing happens outside the lock (it may be a network call).
 */
final class CursorPool {

  /** How far ahead a cursor may skip rather than a new one be opened. */
  static final long SKIP_LIMIT = 256 * 1024;
  private static final int PER_FILE = 4;
  private static final int TOTAL = 64;

  private final Map<ProjectedPath, Deque<Cursor>> idle = new LinkedHashMap<>(16, 0.75f, true);
  private int count;

  /** An idle cursor of {@code path} at or within {@link #SKIP_LIMIT} before {@code offset}, or null. */
  synchronized Cursor take(ProjectedPath path, long offset) {
    Deque<Cursor> cursors = idle.get(path);
    if (cursors == null) {
      return null;
    }
    for (Iterator<Cursor> it = cursors.iterator(); it.hasNext(); ) {
      Cursor c = it.next();
      if (c.position() <= offset && offset - c.position() <= SKIP_LIMIT) {
        it.remove();
        count--;
        if (cursors.isEmpty()) {
          idle.remove(path);
        }
        return c;
      }
    }
    return null;
  }

  /** Any idle cursor of {@code path} (the most recently used), or null. */
  synchronized Cursor takeAny(ProjectedPath path) {
    Deque<Cursor> cursors = idle.get(path);
    if (cursors == null) {
      return null;
    }
    Cursor c = cursors.removeFirst();
    count--;
    if (cursors.isEmpty()) {
      idle.remove(path);
    }
    return c;
  }

  /** Keeps {@code cursor} for the next read of {@code path}; @return cursors to close now. */
  List<Cursor> put(ProjectedPath path, Cursor cursor) {
    List<Cursor> evicted = new ArrayList<>();
    synchronized (this) {
      Deque<Cursor> cursors = idle.computeIfAbsent(path, p -> new ArrayDeque<>());
      cursors.addFirst(cursor);
      count++;
      if (cursors.size() > PER_FILE) {
        evicted.add(cursors.removeLast());
        count--;
      }
      for (Iterator<Deque<Cursor>> it = idle.values().iterator(); count > TOTAL && it.hasNext(); ) {
        Deque<Cursor> oldest = it.next();
        while (count > TOTAL && !oldest.isEmpty()) {
          evicted.add(oldest.removeLast());
          count--;
        }
        if (oldest.isEmpty()) {
          it.remove();
        }
      }
    }
    return evicted;
  }

  /** Removes every idle cursor of {@code path} (it changed); @return them, to close. */
  synchronized List<Cursor> drop(ProjectedPath path) {
    Deque<Cursor> cursors = idle.remove(path);
    if (cursors == null) {
      return List.of();
    }
    count -= cursors.size();
    return new ArrayList<>(cursors);
  }

  /** Removes every idle cursor; @return them, to close. */
  synchronized List<Cursor> drain() {
    List<Cursor> all = new ArrayList<>();
    idle.values().forEach(all::addAll);
    idle.clear();
    count = 0;
    return all;
  }

  /** Closes {@code cursors}, ignoring failures: they are being thrown away. */
  static void closeAll(List<? extends Closeable> cursors) {
    for (Closeable c : cursors) {
      try {
        c.close();
      } catch (Exception | LinkageError ignored) {
        // a broken stream is being discarded anyway
      }
    }
  }
}
