package dev.holofs.s3;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * One sequential reader of one object version: the parts fetched ahead of it. A reader that keeps
 * going forward gets a window that starts at {@link #FIRST_WINDOW} and doubles up to
 * {@link #MAX_WINDOW}, fetched in parallel parts of up to {@link #MAX_PART}, as mountpoint-s3 does;
 * every part holds its bytes against the mount's {@link MemoryBudget}.
 */
final class ReadStream {

  static final int FIRST_WINDOW = 1 << 20;
  static final int MAX_WINDOW = 32 << 20;
  static final int MAX_PART = 8 << 20;
  /** How far from where the last read ended a read still counts as sequential (kernel reads race). */
  static final long SLACK = 2L << 20;

  /** Bytes fetched ahead: {@code [start, start + length)}. */
  record Part(long start, int length, CompletableFuture<ByteBuffer> bytes) {
    long end() {
      return start + length;
    }
  }

  /** Fetches a range of the object. */
  interface Fetcher {
    CompletableFuture<ByteBuffer> fetch(long from, int length);
  }

  private final long size;
  private final MemoryBudget budget;
  private final TreeMap<Long, Part> parts = new TreeMap<>();
  private long nextExpected;
  private long fetchedTo;
  private long window = FIRST_WINDOW;
  private int sequentialReads;

  ReadStream(long size, MemoryBudget budget, long firstEnd) {
    this.size = size;
    this.budget = budget;
    this.nextExpected = firstEnd;
    this.fetchedTo = firstEnd;
  }

  /** Whether a read at {@code offset} continues this stream. */
  synchronized boolean continues(long offset) {
    return offset >= nextExpected - SLACK && offset <= Math.max(nextExpected, fetchedTo) + SLACK;
  }

  /**
   * The pieces that answer {@code [offset, offset + length)}: parts already fetched or in flight,
   * and ranges fetched now for the gaps; schedules the parts ahead.
   */
  synchronized List<Piece> plan(long offset, int length, Fetcher fetcher) {
    long end = offset + length;
    if (offset == nextExpected || (offset > nextExpected - SLACK && offset < fetchedTo)) {
      sequentialReads++;
    }
    nextExpected = Math.max(nextExpected, end);
    dropBefore(offset);
    if (sequentialReads >= 1) {
      fetchAhead(Math.max(end, fetchedTo), end + window, fetcher);
    }
    List<Piece> pieces = new ArrayList<>();
    long at = offset;
    Map.Entry<Long, Part> e = parts.floorEntry(offset);
    Iterator<Part> it = (e == null ? parts.tailMap(offset, true) : parts.tailMap(e.getKey(), true))
        .values().iterator();
    while (at < end && it.hasNext()) {
      Part p = it.next();
      if (p.end() <= at) {
        continue;
      }
      if (p.start() > at) {
        long gapEnd = Math.min(p.start(), end);
        pieces.add(new Piece(fetcher.fetch(at, (int) (gapEnd - at)), 0, (int) (gapEnd - at), true));
        at = gapEnd;
        if (at >= end) {
          break;
        }
      }
      int from = (int) (at - p.start());
      int to = (int) (Math.min(p.end(), end) - p.start());
      pieces.add(new Piece(p.bytes(), from, to - from, false));
      at = p.start() + to;
    }
    if (at < end) {
      pieces.add(new Piece(fetcher.fetch(at, (int) (end - at)), 0, (int) (end - at), true));
    }
    return pieces;
  }

  private void fetchAhead(long from, long until, Fetcher fetcher) {
    until = Math.min(until, size);
    boolean grew = false;
    while (from < until) {
      int length = (int) Math.min(Math.min(window, MAX_PART), size - from);
      if (!budget.tryAcquire(length)) {
        break;
      }
      Part part = new Part(from, length, fetcher.fetch(from, length));
      parts.put(from, part);
      from += length;
      fetchedTo = from;
      grew = true;
    }
    if (grew && window < MAX_WINDOW) {
      window *= 2;
    }
  }

  /** Forgets a part that failed, so a later read fetches it again. */
  synchronized void forget(CompletableFuture<ByteBuffer> bytes) {
    parts.values().removeIf(p -> {
      if (p.bytes() == bytes) {
        budget.release(p.length());
        fetchedTo = Math.min(fetchedTo, p.start());
        return true;
      }
      return false;
    });
  }

  private void dropBefore(long offset) {
    for (Iterator<Part> it = parts.values().iterator(); it.hasNext(); ) {
      Part p = it.next();
      if (p.end() > offset) {
        break;
      }
      it.remove();
      budget.release(p.length());
    }
  }

  /** Drops every part, aborting those in flight. */
  synchronized void close() {
    for (Part p : parts.values()) {
      p.bytes().cancel(true);
      budget.release(p.length());
    }
    parts.clear();
  }

  /**
   * {@code length} bytes from {@code offset} in what {@code bytes} completes with; {@code own}:
   * fetched for this read alone, so aborted when the read is cancelled.
   */
  record Piece(CompletableFuture<ByteBuffer> bytes, int offset, int length, boolean own) {}
}
