package dev.holofs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.holofs.spi.Collation;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ProjFS's ConcurrentThreadCount / PoolThreadCount with 2 and 4: a provider records how many of its
 * callbacks execute at once and how many are in flight.
 */
class WorkerPoolTest {

  private static final PlaceholderInfo INFO = PlaceholderInfo.file(1).build();

  private final TestProvider provider = new TestProvider();
  private final Engine engine = new Engine(provider, 2, 4, Collation.BYTE_ORDER);
  private final AtomicInteger executing = new AtomicInteger();
  private final AtomicInteger maxExecuting = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicInteger started = new AtomicInteger();

  @AfterEach
  void close() {
    engine.close(0);
  }

  /** Provider code begins executing. */
  private void enter() {
    started.incrementAndGet();
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    resume();
  }

  private void resume() {
    maxExecuting.accumulateAndGet(executing.incrementAndGet(), Math::max);
  }

  private void pause() {
    executing.decrementAndGet();
  }

  private void exit() {
    pause();
    inFlight.decrementAndGet();
  }

  private List<CompletableFuture<PlaceholderInfo>> dispatch(int n) {
    List<CompletableFuture<PlaceholderInfo>> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      results.add(engine.getPlaceholder(ProjectedPath.of("f" + i), 0).result());
    }
    return results;
  }

  private static void awaitAll(List<CompletableFuture<PlaceholderInfo>> results) throws Exception {
    for (CompletableFuture<PlaceholderInfo> r : results) {
      assertThat(r.get(30, TimeUnit.SECONDS)).isSameAs(INFO);
    }
  }

  @Test
  void atMostConcurrentThreadCountExecuteAtOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    provider.placeholder = (command, path) -> {
      enter();
      try {
        release.await(); // holds its execution slot: not Command.blocking
        return INFO;
      } finally {
        exit();
      }
    };
    List<CompletableFuture<PlaceholderInfo>> results = dispatch(12);
    await().until(() -> executing.get() == 2);
    // Two execute; the other ten wait for a slot. Give them every chance to break the limit.
    for (int i = 0; i < 50; i++) {
      Thread.sleep(2);
      assertThat(started.get()).isEqualTo(2);
    }
    release.countDown();
    awaitAll(results);
    assertThat(maxExecuting.get()).isEqualTo(2);
    assertThat(started.get()).isEqualTo(12);
  }

  @Test
  void blockingCallbacksReachPoolThreadCountInFlightButNeverMoreThanTwoExecuting() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    provider.placeholder = (command, path) -> {
      enter();
      try {
        Thread.onSpinWait(); // some executing work before blocking
        pause();
        command.blocking(() -> {
          release.await();
          return null;
        });
        resume();
        return INFO;
      } finally {
        exit();
      }
    };
    List<CompletableFuture<PlaceholderInfo>> results = dispatch(10);
    await().until(() -> inFlight.get() == 4);
    for (int i = 0; i < 50; i++) {
      Thread.sleep(2);
      assertThat(inFlight.get()).isEqualTo(4);
      assertThat(started.get()).isEqualTo(4);
    }
    // Work that finds every worker busy waits: nothing was refused.
    assertThat(results).noneMatch(CompletableFuture::isDone);
    release.countDown();
    awaitAll(results);
    assertThat(maxInFlight.get()).isEqualTo(4);
    assertThat(maxExecuting.get()).isLessThanOrEqualTo(2);
    assertThat(started.get()).isEqualTo(10);
  }

  @Test
  void workThatFindsEveryWorkerBusyWaitsAndIsServedLater() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    provider.placeholder = (command, path) -> {
      enter();
      try {
        if (path.name().startsWith("f")) {
          command.blocking(() -> release.await(30, TimeUnit.SECONDS));
        }
        return INFO;
      } finally {
        exit();
      }
    };
    List<CompletableFuture<PlaceholderInfo>> blockers = dispatch(4);
    await().until(() -> inFlight.get() == 4);
    List<CompletableFuture<PlaceholderInfo>> waiting = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      waiting.add(engine.getPlaceholder(ProjectedPath.of("w" + i), 0).result());
    }
    Thread.sleep(20);
    assertThat(waiting).noneMatch(CompletableFuture::isDone);
    release.countDown();
    awaitAll(blockers);
    awaitAll(waiting);
    assertThat(engine.liveCommands()).isZero();
  }

  @Test
  void pendingCommandsHoldNoWorker() throws Exception {
    List<CompletableFuture<PlaceholderInfo>> answers = new ArrayList<>();
    provider.placeholder = (command, path) -> {
      if (path.name().startsWith("p")) {
        CompletableFuture<PlaceholderInfo> later = new CompletableFuture<>();
        synchronized (answers) {
          answers.add(later);
        }
        return command.defer(later);
      }
      return INFO;
    };
    List<CompletableFuture<PlaceholderInfo>> pending = new ArrayList<>();
    for (int i = 0; i < 20; i++) { // five times PoolThreadCount
      pending.add(engine.getPlaceholder(ProjectedPath.of("p" + i), 0).result());
    }
    await().until(() -> {
      synchronized (answers) {
        return answers.size() == 20;
      }
    });
    // Twenty commands pending, yet synchronous ones are served.
    awaitAll(dispatch(8));
    assertThat(engine.liveCommands()).isEqualTo(20);
    assertThat(pending).noneMatch(CompletableFuture::isDone);
    synchronized (answers) {
      answers.forEach(a -> a.complete(INFO));
    }
    awaitAll(pending);
    assertThat(engine.liveCommands()).isZero();
  }
}
