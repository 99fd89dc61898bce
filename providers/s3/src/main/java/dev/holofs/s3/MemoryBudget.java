package dev.holofs.s3;

import java.util.concurrent.atomic.AtomicLong;

/** Bytes the read-ahead of a whole mount may hold at once; parts past it are simply not fetched. */
final class MemoryBudget {

  private final long limit;
  private final AtomicLong used = new AtomicLong();

  MemoryBudget(long limit) {
    this.limit = limit;
  }

  boolean tryAcquire(long bytes) {
    long now;
    do {
      now = used.get();
      if (now + bytes > limit) {
        return false;
      }
    } while (!used.compareAndSet(now, now + bytes));
    return true;
  }

  void release(long bytes) {
    used.addAndGet(-bytes);
  }

  long used() {
    return used.get();
  }
}
