package dev.holofs.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The reply buffers' pool: reuse without garbage, and never one buffer in two hands. */
class NativeBufferTest {

  @Test
  void aBufferGivenBackIsTakenAgainCleared() {
    NativeBuffer b = NativeBuffer.take(120);
    b.bytes().position(40);
    b.release();
    List<NativeBuffer> taken = new ArrayList<>();
    for (int i = 0; i < 20; i++) { // the pool is shared: others may sit in front of it
      taken.add(NativeBuffer.take(120));
    }
    assertThat(taken).anySatisfy(t -> assertThat(t).isSameAs(b));
    assertThat(taken).allSatisfy(t -> assertThat(t.bytes().position()).isZero());
    taken.forEach(NativeBuffer::release);
  }

  @Test
  void sizesPastTheLargeOneAreNotKept() {
    NativeBuffer huge = NativeBuffer.take(NativeBuffer.LARGE + 1);
    assertThat(huge.bytes().capacity()).isEqualTo(NativeBuffer.LARGE + 1);
    huge.release();
    // Held until all are taken, so every kept buffer is seen; then given back to the shared pool.
    List<NativeBuffer> taken = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        NativeBuffer b = NativeBuffer.take(NativeBuffer.LARGE);
        taken.add(b);
        assertThat(b).isNotSameAs(huge);
      }
    } finally {
      taken.forEach(NativeBuffer::release);
    }
  }

  @Test
  void buffersGivenBackPastTheReserveAreFreedAtOnce() {
    NativeBuffer huge = NativeBuffer.take(NativeBuffer.LARGE + 1);
    huge.release();
    assertThat(huge.freed()).as("an odd size is never kept").isTrue();
    int n = NativeBuffer.KEEP_LARGE + 3;
    List<NativeBuffer> taken = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      taken.add(NativeBuffer.take(NativeBuffer.LARGE));
    }
    taken.forEach(NativeBuffer::release);
    // The pool is shared: buffers others gave back meanwhile only leave fewer slots for these.
    assertThat(taken.stream().filter(NativeBuffer::freed).count())
        .as("freed past the reserve of %d", NativeBuffer.KEEP_LARGE)
        .isGreaterThanOrEqualTo(n - NativeBuffer.KEEP_LARGE);
    NativeBuffer again = NativeBuffer.take(NativeBuffer.LARGE);
    assertThat(again.freed()).as("what is taken is live memory").isFalse();
    again.bytes().putLong(NativeBuffer.LARGE - 8, 42); // writable to its last byte
    again.release();
  }

  @Test
  void threadsTakingAndGivingBackNeverShareABuffer() throws Exception {
    int threads = 4;
    Map<NativeBuffer, Thread> holders = new ConcurrentHashMap<>();
    List<String> clashes = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < 20_000; i++) {
            NativeBuffer b = NativeBuffer.take(64);
            Thread other = holders.putIfAbsent(b, Thread.currentThread());
            if (other != null) {
              synchronized (clashes) {
                clashes.add(b + " held by " + other.getName());
              }
            }
            holders.remove(b, Thread.currentThread());
            b.release();
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(clashes).isEmpty();
  }
}
