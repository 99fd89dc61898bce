package dev.holofs.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A listing's queue: reads and its end run one at a time in queue order, and a read that blocks
 * (a provider answering on the caller's thread) does not hold the listing's lock meanwhile.
 */
class ListingQueueTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final Listing listing = new Listing(1, 2, null);
  private final List<String> ran = new CopyOnWriteArrayList<>();

  @Test
  void aBlockedReadLetsOthersQueueBehindItAndTheyRunInOrder() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread blocked = new Thread(() -> listing.queue(() -> {
      entered.countDown();
      awaitQuietly(release);
      ran.add("first");
      return CompletableFuture.completedFuture(null);
    }, true));
    blocked.start();
    assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

    AtomicBoolean refusedAfterEnd = new AtomicBoolean();
    Thread second = new Thread(() -> {
      listing.queue(step("second"), true);
      listing.end(step("end"));
      refusedAfterEnd.set(!listing.queue(step("after end"), true));
    });
    second.start();
    // with the read run inside the listing's lock, this thread would wait on it until release
    await().atMost(WAIT).until(() -> !second.isAlive());
    assertThat(refusedAfterEnd).isTrue();
    assertThat(ran).isEmpty();

    release.countDown();
    blocked.join(WAIT.toMillis());
    await().atMost(WAIT).until(() -> ran.size() == 3);
    assertThat(ran).containsExactly("first", "second", "end");
  }

  @Test
  void aFailedReadDoesNotStopTheQueue() {
    listing.queue(() -> {
      throw new IllegalStateException("adapter bug");
    }, false);
    listing.queue(() -> CompletableFuture.failedFuture(new IllegalStateException("failed")), false);
    listing.end(step("end"));
    assertThat(ran).containsExactly("end");
    assertThat(listing.queue(step("refused"), true)).isFalse();
    assertThat(listing.queue(step("unless ended: not asked"), false)).isTrue();
    assertThat(ran).containsExactly("end", "unless ended: not asked");
  }

  private Supplier<CompletableFuture<Void>> step(String name) {
    return () -> {
      ran.add(name);
      return CompletableFuture.completedFuture(null);
    };
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
