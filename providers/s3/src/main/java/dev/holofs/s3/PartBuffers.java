package dev.holofs.s3;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Direct buffers of read-ahead parts, used again once their bytes were written to every reader.
 * A new direct buffer is zeroed by the JVM and its pages faulted in (and zeroed again) by the
 * kernel: for a sequential read that is every byte touched twice more before S3's bytes land.
 * Only full-size parts' buffers ({@link ReadStream#MAX_PART}) are kept, and each kept one holds
 * its size of the mount's {@link MemoryBudget}, so parts and kept buffers together stay within it:
 * a part that needs budget the kept buffers hold makes them give it up ({@link #acquire}).
 * Once no part is left anywhere on the mount they are dropped: nothing would take them, and an
 * idle mount has no cache call to expire its streams by.
 */
final class PartBuffers {

  private final MemoryBudget budget;
  private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
  /** Parts made and not yet {@link #ended}. */
  private final AtomicInteger parts = new AtomicInteger();

  PartBuffers(MemoryBudget budget) {
    this.budget = budget;
  }

  /**
   * A kept buffer for a full-size part, position 0 and limit {@link ReadStream#MAX_PART}, with
   * the budget it holds (now the part's); null if none is kept.
   */
  ByteBuffer take() {
    synchronized (free) {
      ByteBuffer b = free.poll();
      return b == null ? null : b.clear();
    }
  }

  /** {@code bytes} of the budget, dropping kept buffers if they hold what is missing. */
  boolean acquire(long bytes) {
    while (!budget.tryAcquire(bytes)) {
      synchronized (free) {
        if (free.poll() == null) {
          return false;
        }
      }
      budget.release(ReadStream.MAX_PART);
    }
    return true;
  }

  /** {@code b}, a part's buffer, is no longer read by anyone: kept if the budget has room. */
  void give(ByteBuffer b) {
    if (b.capacity() == ReadStream.MAX_PART && !b.isReadOnly()
        && budget.tryAcquire(ReadStream.MAX_PART)) {
      synchronized (free) {
        free.push(b);
      }
    }
  }

  /** A part was made; it {@link #ended} later. */
  void started() {
    parts.incrementAndGet();
  }

  /**
   * A part is no longer read by anyone: its buffer {@code b}, if not null, is {@link #give given};
   * the last part on the mount drops the kept buffers. Its {@code give} comes first, so a buffer
   * kept by a part ending at the same time is dropped too.
   */
  void ended(ByteBuffer b) {
    if (b != null) {
      give(b);
    }
    if (parts.decrementAndGet() == 0) {
      clear();
    }
  }

  /** Drops every kept buffer (nothing reads ahead now), giving back their budget. */
  void clear() {
    while (take() != null) {
      budget.release(ReadStream.MAX_PART);
    }
  }

  /** Buffers kept now; tests check that a buffer S3 may still write into is never kept. */
  int kept() {
    synchronized (free) {
      return free.size();
    }
  }
}
