package dev.holofs.s3;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Direct buffers of read-ahead parts, used again once their bytes were written to every reader.
 * A new direct buffer is zeroed by the JVM and its pages faulted in (and zeroed again) by the
 * kernel: for a sequential read that is every byte touched twice more before S3's bytes land.
 * Only full-size parts ({@link ReadStream#MAX_PART}) are kept, at most as many as the read-ahead
 * budget holds at once: they are what a long sequential read takes over and over.
 */
final class PartBuffers {

  private final int most;
  private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();

  PartBuffers(long budgetBytes) {
    this.most = (int) Math.min(Integer.MAX_VALUE, budgetBytes / ReadStream.MAX_PART);
  }

  /** A buffer for a part of {@code length} bytes: position 0, limit {@code length}. */
  ByteBuffer take(int length) {
    if (length == ReadStream.MAX_PART) {
      synchronized (free) {
        ByteBuffer b = free.poll();
        if (b != null) {
          return b.clear();
        }
      }
    }
    return ByteBuffer.allocateDirect(length);
  }

  /** {@code b}, from {@link #take}, is no longer read by anyone. */
  void give(ByteBuffer b) {
    if (b.capacity() != ReadStream.MAX_PART) {
      return;
    }
    synchronized (free) {
      if (free.size() < most) {
        free.push(b);
      }
    }
  }

  /** Buffers kept for reuse now. */
  int kept() {
    synchronized (free) {
      return free.size();
    }
  }
}
