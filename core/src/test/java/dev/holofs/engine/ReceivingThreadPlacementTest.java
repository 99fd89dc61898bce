package dev.holofs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.holofs.spi.Collation;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.PlaceholderVersion;
import dev.holofs.spi.ProjectedPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Callbacks dispatched from a receiving thread (a FUSE reader): they come back unstarted, run on
 * that thread when started with a slot free and nothing waiting, go to the pool otherwise, and
 * hand the receiver's place over before blocking; ConcurrentThreadCount and PoolThreadCount bound
 * them wherever they run, and cancellation and exactly-once answers hold. Rules, not timings:
 * every wait is on a latch or a condition.
 */
class ReceivingThreadPlacementTest {

  private static final PlaceholderInfo INFO = PlaceholderInfo.file(1).build();

  private final TestProvider provider = new TestProvider();
  /** ConcurrentThreadCount 1, PoolThreadCount 2. */
  private final Engine engine = new Engine(provider, 1, 2, Collation.BYTE_ORDER);
  private final List<Receiver> receivers = new ArrayList<>();
  private final List<String> ranOn = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    engine.close(0);
    receivers.forEach(r -> r.thread.shutdownNow());
  }

  /** A thread made a receiving thread, counting its hand-offs. */
  private final class Receiver {
    final String name;
    final ExecutorService thread;
    final AtomicInteger handOffs = new AtomicInteger();

    Receiver(String name) throws Exception {
      this.name = name;
      this.thread = Executors.newSingleThreadExecutor(r -> new Thread(r, name));
      on(() -> {
        engine.receiving(handOffs::incrementAndGet);
        return null;
      });
    }

    <T> T on(Callable<T> work) throws Exception {
      return thread.submit(work).get(30, TimeUnit.SECONDS);
    }

    /** Dispatches a placeholder request on this thread and starts it; returns once start returns. */
    Call<PlaceholderInfo> getPlaceholder(String path) throws Exception {
      return on(() -> {
        Call<PlaceholderInfo> call = engine.getPlaceholder(ProjectedPath.of(path), 0);
        call.start();
        return call;
      });
    }
  }

  private Receiver receiver() throws Exception {
    Receiver r = new Receiver("receiver-" + (receivers.size() + 1));
    receivers.add(r);
    return r;
  }

  @Test
  void aCallIsRecordedBeforeItRunsAndThenRunsOnTheReceivingThread() throws Exception {
    Receiver r = receiver();
    provider.data = (c, p, o, l, s) -> ranOn.add(Thread.currentThread().getName());
    Call<Void> call = r.on(() -> engine.getFileData(ProjectedPath.of("f"), 0, 1,
        new TestSinks.Bytes(0, 1), 0, PlaceholderVersion.NONE));
    assertThat(call.result()).as("unstarted: the adapter records it first").isNotDone();
    assertThat(ranOn).isEmpty();
    assertThat(r.on(() -> {
      call.start();
      return call.result().isDone();
    })).as("answered within start(), with the only slot free").isTrue();
    assertThat(ranOn).containsExactly("receiver-1");
    assertThat(r.handOffs.get()).as("it never blocked").isZero();
    assertThat(engine.liveCommands()).isZero();
  }

  @Test
  void withTheOnlySlotTakenACallGoesToThePoolAndTheReceiverReadsOn() throws Exception {
    Receiver r = receiver();
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    provider.placeholder = (c, p) -> {
      ranOn.add(p + "@" + Thread.currentThread().getName());
      if (p.name().equals("hold")) {
        holding.countDown();
        release.await(); // holds the only execution slot: not Command.blocking
      }
      return INFO;
    };
    // From a thread that is not a receiver, a placeholder goes to the pool.
    CompletableFuture<PlaceholderInfo> hold = engine.getPlaceholder(ProjectedPath.of("hold"), 0).result();
    assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
    Call<PlaceholderInfo> other = r.getPlaceholder("other");
    assertThat(other.result()).as("start() returned without running it").isNotDone();
    assertThat(ranOn).hasSize(1);
    release.countDown();
    assertThat(other.result().get(30, TimeUnit.SECONDS)).isSameAs(INFO);
    assertThat(hold.get(30, TimeUnit.SECONDS)).isSameAs(INFO);
    assertThat(ranOn).hasSize(2);
    assertThat(ranOn.get(1)).startsWith("other@holofs-worker-");
  }

  @Test
  void aReceiverHandsItsPlaceOverBeforeBlockingAndPoolThreadCountBoundsReceiversToo() throws Exception {
    Receiver first = receiver();
    Receiver second = receiver();
    Receiver third = receiver();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocked = new CountDownLatch(2);
    AtomicInteger handOffsSeenBeforeBlocking = new AtomicInteger();
    AtomicInteger quick = new AtomicInteger();
    provider.placeholder = (c, p) -> {
      ranOn.add(p + "@" + Thread.currentThread().getName());
      if (p.name().startsWith("block")) {
        c.blocking(() -> {
          Receiver me = p.name().equals("block1") ? first : second;
          handOffsSeenBeforeBlocking.addAndGet(me.handOffs.get());
          blocked.countDown();
          return release.await(30, TimeUnit.SECONDS);
        });
      } else {
        quick.incrementAndGet();
      }
      return INFO;
    };
    // Each receiver runs its blocking callback itself (the slot is free when it starts), and
    // blocking gives the slot back: so both are in flight at once, on the receivers.
    var block1 = first.thread.submit(() -> start("block1"));
    await().until(() -> ranOn.size() == 1);
    var block2 = second.thread.submit(() -> start("block2"));
    assertThat(blocked.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(ranOn).containsExactly("block1@receiver-1", "block2@receiver-2");
    assertThat(handOffsSeenBeforeBlocking.get()).as("each handed over before blocking").isEqualTo(2);
    // PoolThreadCount (2) callbacks are in flight: a third waits, though a slot is free.
    Call<PlaceholderInfo> third1 = third.getPlaceholder("quick");
    assertThat(third1.result()).isNotDone();
    assertThat(quick.get()).as("not run by the receiver, nor by the pool").isZero();
    release.countDown();
    assertThat(third1.result().get(30, TimeUnit.SECONDS)).isSameAs(INFO);
    assertThat(block1.get(30, TimeUnit.SECONDS).result().get(30, TimeUnit.SECONDS)).isSameAs(INFO);
    assertThat(block2.get(30, TimeUnit.SECONDS).result().get(30, TimeUnit.SECONDS)).isSameAs(INFO);
    assertThat(first.handOffs.get()).isEqualTo(1);
    assertThat(second.handOffs.get()).isEqualTo(1);
    assertThat(third.handOffs.get()).isZero();
    assertThat(engine.liveCommands()).isZero();
  }

  /** Dispatches and starts a placeholder request on the calling (receiving) thread. */
  private Call<PlaceholderInfo> start(String path) {
    Call<PlaceholderInfo> call = engine.getPlaceholder(ProjectedPath.of(path), 0);
    call.start();
    return call;
  }

  @Test
  void aCallCancelledBeforeItStartsNeverReachesTheProvider() throws Exception {
    Receiver r = receiver();
    provider.placeholder = (c, p) -> {
      ranOn.add(Thread.currentThread().getName());
      return INFO;
    };
    Call<PlaceholderInfo> call = r.on(() -> engine.getPlaceholder(ProjectedPath.of("a"), 0));
    assertThat(call.cancel()).isTrue();
    r.on(() -> {
      call.start();
      return null;
    });
    assertThat(call.result()).isCompletedExceptionally();
    assertThat(call.result().handle((v, e) -> e).get()).isInstanceOf(CancellationException.class);
    assertThat(ranOn).isEmpty();
    assertThat(provider.cancelCalls.get()).as("never invoked, so never told").isZero();
    assertThat(engine.liveCommands()).isZero();
  }

  @Test
  void aCancelReachesACallbackRunningOnTheReceivingThreadAndItsLateAnswerIsIgnored() throws Exception {
    Receiver r = receiver();
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch heard = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicLong id = new java.util.concurrent.atomic.AtomicLong();
    provider.placeholder = (c, p) -> {
      c.onCancel(heard::countDown);
      id.set(c.id());
      inside.countDown();
      c.blocking(() -> heard.await(30, TimeUnit.SECONDS));
      return INFO; // too late: the command was cancelled
    };
    var started = r.thread.submit(() -> start("a"));
    assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(engine.cancel(id.get())).as("the call is recorded while it runs").isTrue();
    Call<PlaceholderInfo> call = started.get(30, TimeUnit.SECONDS);
    assertThat(call.result().handle((v, e) -> e).get(30, TimeUnit.SECONDS))
        .isInstanceOf(CancellationException.class);
    await().until(() -> provider.cancelled.contains(id.get()));
    assertThat(r.handOffs.get()).isEqualTo(1);
    var stats = engine.stats().get(dev.holofs.ProjectionStats.Callback.GET_PLACEHOLDER);
    assertThat(stats.count()).as("ended once").isEqualTo(1);
    assertThat(stats.cancellations()).isEqualTo(1);
    assertThat(engine.liveCommands()).isZero();
  }

  @Test
  void underContentionEveryCallIsAnsweredOnceWithinBothBounds() throws Exception {
    List<Receiver> three = List.of(receiver(), receiver(), receiver());
    AtomicInteger executing = new AtomicInteger();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxExecuting = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    ExecutorService completer = Executors.newSingleThreadExecutor();
    provider.placeholder = (c, p) -> {
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      maxExecuting.accumulateAndGet(executing.incrementAndGet(), Math::max);
      try {
        int n = Integer.parseInt(p.name().substring(1));
        switch (n % 3) {
          case 0 -> { // blocks a little, without its slot
            executing.decrementAndGet();
            c.blocking(() -> {
              Thread.yield();
              return null;
            });
            maxExecuting.accumulateAndGet(executing.incrementAndGet(), Math::max);
            return INFO;
          }
          case 1 -> { // answers later, from another thread, holding nothing
            return c.defer(CompletableFuture.supplyAsync(() -> INFO, completer));
          }
          default -> {
            return INFO;
          }
        }
      } finally {
        executing.decrementAndGet();
        inFlight.decrementAndGet();
      }
    };
    AtomicInteger answers = new AtomicInteger();
    List<CompletableFuture<?>> all = new CopyOnWriteArrayList<>();
    List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
    for (int k = 0; k < three.size(); k++) {
      int base = k * 1000;
      Receiver r = three.get(k);
      sent.add(r.thread.submit(() -> {
        for (int i = 0; i < 300; i++) {
          Call<PlaceholderInfo> call = start("p" + (base + i));
          call.result().whenComplete((v, e) -> answers.incrementAndGet());
          all.add(call.result());
        }
        return null;
      }));
    }
    for (var f : sent) {
      f.get(60, TimeUnit.SECONDS);
    }
    for (CompletableFuture<?> f : all) {
      assertThat(f.get(30, TimeUnit.SECONDS)).isSameAs(INFO);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> answers.get() == 900);
    assertThat(engine.stats().get(dev.holofs.ProjectionStats.Callback.GET_PLACEHOLDER).count())
        .as("each command ended once").isEqualTo(900);
    assertThat(maxExecuting.get()).as("ConcurrentThreadCount").isEqualTo(1);
    assertThat(maxInFlight.get()).as("PoolThreadCount").isLessThanOrEqualTo(2);
    assertThat(engine.liveCommands()).isZero();
    completer.shutdownNow();
  }
}
