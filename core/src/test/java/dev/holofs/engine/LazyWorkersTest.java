package dev.holofs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.holofs.Projection;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Pool sizes are bounded, and a large pool costs threads only as work needs them. */
class LazyWorkersTest {

  @Test
  void aLargePoolStartsOneThreadAndMoreOnlyAsWorkNeedsThem() throws Exception {
    WorkerPool pool = new WorkerPool(2, 1000, "lazy");
    try {
      assertThat(pool.startedWorkers()).isEqualTo(1);
      assertThat(threadsNamed("lazy-worker-")).isEqualTo(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicInteger blocked = new AtomicInteger();
      for (int i = 0; i < 5; i++) {
        pool.submit(() -> {
          try {
            pool.blocking(() -> {
              blocked.incrementAndGet();
              return release.await(30, TimeUnit.SECONDS);
            });
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          return null; // no follow-up
        });
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> blocked.get() == 5);
      release.countDown();
      assertThat(pool.startedWorkers()).isBetween(5, 10); // five blocked at once need five
    } finally {
      pool.close(1000);
    }
  }

  @Test
  void threadCountsAreBoundedWithAClearError() {
    TestProvider p = new TestProvider();
    assertThatThrownBy(() -> Projection.builder(p).concurrentThreadCount(100_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("concurrentThreadCount must be at most 1024: 100000");
    assertThatThrownBy(() -> Projection.builder(p).poolThreadCount(1025))
        .hasMessage("poolThreadCount must be at most 1024: 1025");
    assertThat(Projection.builder(p).concurrentThreadCount(1024).build().poolThreadCount())
        .isEqualTo(Projection.MAX_THREAD_COUNT);
  }

  private static long threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix) && t.isAlive()).count();
  }
}
