package dev.holofs.s3;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One sequential reader of one object version: the parts fetched ahead of it. A reader that keeps
 * going forward gets a window that starts at {@link #FIRST_WINDOW} and doubles up to
 * {@link #MAX_WINDOW}, fetched in parallel parts of up to {@link #MAX_PART}, as mountpoint-s3 does;
 * every part holds its bytes against the mount's {@link MemoryBudget}. A part's buffer goes back
 * to the mount's {@link PartBuffers} once the stream dropped it and every read planned on it wrote
 * its bytes: each such read holds the part until then ({@link Piece#done}).
 */
final class ReadStream {

  static final int FIRST_WINDOW = 1 << 20;
  static final int MAX_WINDOW = 32 << 20;
  static final int MAX_PART = 8 << 20;
  /** How far from where the last read ended a read still counts as sequential (kernel reads race). */
  static final long SLACK = 2L << 20;

  /**
   * Bytes fetched ahead, {@code [start, start + length)}; {@code holders}: the stream, while it
   * keeps the part, and each read yet to write from it. Not a record: it has a mutable
   * field, {@code holders}.
   */
  static final class Part {
    final long start;
    final int length;
    final CompletableFuture<ByteBuffer> bytes;
    private final AtomicInteger holders = new AtomicInteger(1);

    Part(long start, int length, CompletableFuture<ByteBuffer> bytes) {
      this.start = start;
      this.length = length;
      this.bytes = bytes;
    }

    long end() {
      return start + length;
    }

    /**
     * One holder is done with it; the last gives back the buffer its bytes arrived in. Not one
     * that failed or was aborted: S3's client may still be writing into it.
     */
    void release(PartBuffers buffers) {
      if (holders.decrementAndGet() == 0) {
        buffers.ended(bytes.isDone() && !bytes.isCompletedExceptionally() ? bytes.join() : null);
      }
    }
  }

  /**
   * Fetches a range of the object, into {@code into} if not null (else a buffer of its own, made
   * off the reader's thread); completes with the buffer the bytes are in, which readers only read.
   */
  interface Fetcher {
    CompletableFuture<ByteBuffer> fetch(long from, int length, ByteBuffer into);
  }

  private static final Runnable NOTHING = () -> { };

  private final long size;
  private final MemoryBudget budget;
  private final PartBuffers buffers;
  private final TreeMap<Long, Part> parts = new TreeMap<>();
  private long nextExpected;
  private long fetchedTo;
  private long window = FIRST_WINDOW;
  private int sequentialReads;
  /** Set by {@link #close}: a read that found the stream just before fetches nothing ahead. */
  private boolean closed;

  ReadStream(long size, MemoryBudget budget, PartBuffers buffers, long firstEnd) {
    this.size = size;
    this.budget = budget;
    this.buffers = buffers;
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
    if (sequentialReads >= 1 && !closed) {
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
      if (p.start > at) {
        long gapEnd = Math.min(p.start, end);
        pieces.add(Piece.own(fetcher.fetch(at, (int) (gapEnd - at), null), 0, (int) (gapEnd - at)));
        at = gapEnd;
        if (at >= end) {
          break;
        }
      }
      int from = (int) (at - p.start);
      int to = (int) (Math.min(p.end(), end) - p.start);
      pieces.add(new Piece(p.bytes, from, to - from, false, holder(p)));
      at = p.start + to;
    }
    if (at < end) {
      pieces.add(Piece.own(fetcher.fetch(at, (int) (end - at), null), 0, (int) (end - at)));
    }
    if (end >= size) {
      dropBefore(size); // read to the end: the pieces above hold their parts until written
    }
    return pieces;
  }

  /** One more holder of {@code p} (it is in {@link #parts}, so held already); done once. */
  private Runnable holder(Part p) {
    p.holders.incrementAndGet();
    AtomicBoolean done = new AtomicBoolean();
    return () -> {
      if (done.compareAndSet(false, true)) {
        p.release(buffers);
      }
    };
  }

  private void fetchAhead(long from, long until, Fetcher fetcher) {
    until = Math.min(until, size);
    boolean grew = false;
    while (from < until) {
      int length = (int) Math.min(Math.min(window, MAX_PART), size - from);
      // A kept buffer comes with its budget; without one the fetch makes its own buffer, on a
      // network thread: zeroing 8 MiB here would hold up this read and the stream's others.
      ByteBuffer into = length == MAX_PART ? buffers.take() : null;
      if (into == null && !buffers.acquire(length)) {
        break;
      }
      CompletableFuture<ByteBuffer> bytes;
      try {
        bytes = fetcher.fetch(from, length, into);
      } catch (RuntimeException | Error e) {
        budget.release(length);
        throw e;
      }
      buffers.started();
      parts.put(from, new Part(from, length, bytes));
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
      if (p.bytes == bytes) {
        drop(p);
        fetchedTo = Math.min(fetchedTo, p.start);
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
      drop(p);
    }
  }

  /** Drops every part, aborting those in flight; nothing is fetched ahead from now on. */
  synchronized void close() {
    closed = true;
    for (Part p : parts.values()) {
      p.bytes.cancel(true);
      drop(p);
    }
    parts.clear();
  }

  /** The stream no longer keeps {@code p}, taken out of {@link #parts}. */
  private void drop(Part p) {
    budget.release(p.length);
    p.release(buffers);
  }

  /**
   * {@code length} bytes from {@code offset} in what {@code bytes} completes with; {@code own}:
   * fetched for this read alone, so aborted when the read is cancelled. The read runs {@code done}
   * once it wrote them or gave up: then the part's buffer may be used again.
   */
  record Piece(CompletableFuture<ByteBuffer> bytes, int offset, int length, boolean own,
      Runnable done) {
    static Piece own(CompletableFuture<ByteBuffer> bytes, int offset, int length) {
      return new Piece(bytes, offset, length, true, NOTHING);
    }
  }
}
