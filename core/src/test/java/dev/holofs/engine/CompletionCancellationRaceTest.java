package dev.holofs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.ProjectionStats.Callback;
import dev.holofs.ProjectionStats.CallbackStats;
import dev.holofs.spi.Collation;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Races completion against cancellation: synchronous and deferred answers, cancels before the
 * command is invoked, inside the callback before it goes pending, after it went pending, and from
 * several threads at once. Every command must be answered exactly once, by whichever terminal
 * transition came first, and the command table must end empty.
 */
class CompletionCancellationRaceTest {

  private static final int COMMANDS = 100_000;
  private static final PlaceholderInfo INFO = PlaceholderInfo.file(42).build();

  /** Per command: how it answers and when it is cancelled. */
  private record Plan(int answer, boolean cancelBeforePending, boolean cancelAfterPending,
      int racers, boolean cancelAtOnce) {
    boolean mustBeCancelled() {
      return cancelBeforePending || cancelAfterPending && answer != 0;
    }

    boolean mayBeCancelled() {
      return mustBeCancelled() || racers > 0 || cancelAtOnce;
    }
  }

  private final ExecutorService helpers = Executors.newFixedThreadPool(3);
  private final TestProvider provider = new TestProvider();
  private final Engine engine = new Engine(provider, 2, 4, Collation.BYTE_ORDER);

  @AfterEach
  void close() {
    engine.close(0);
    helpers.shutdownNow();
  }

  @Test
  void everyCommandIsAnsweredExactlyOnceAndTheTableEndsEmpty() throws Exception {
    SplittableRandom random = new SplittableRandom(20261128);
    Plan[] plans = new Plan[COMMANDS];
    for (int i = 0; i < COMMANDS; i++) {
      plans[i] = new Plan(random.nextInt(3), random.nextInt(8) == 0, random.nextInt(8) == 0,
          random.nextInt(3), random.nextInt(8) == 0);
    }
    AtomicIntegerArray cancelWins = new AtomicIntegerArray(COMMANDS);
    AtomicIntegerArray answers = new AtomicIntegerArray(COMMANDS);
    long[] ids = new long[COMMANDS];

    provider.placeholder = (command, path) -> {
      int i = Integer.parseInt(path.name());
      Plan plan = plans[i];
      if (plan.cancelBeforePending) {
        // From another thread, and waited for: the cancel lands while the callback still runs.
        helpers.submit(() -> count(cancelWins, i, engine.cancel(command.id()))).get();
      }
      switch (plan.answer) {
        case 0: // synchronous
          return INFO;
        case 1: { // deferred, completed later from another thread
          CompletableFuture<PlaceholderInfo> later = new CompletableFuture<>();
          command.onCancel(() -> later.complete(INFO)); // completing a cancelled command: no-op
          helpers.execute(() -> {
            if (plan.cancelAfterPending) {
              count(cancelWins, i, engine.cancel(command.id()));
            }
            later.complete(INFO);
          });
          return command.defer(later);
        }
        default: { // deferred on a stage that is already complete
          if (plan.cancelAfterPending) {
            CompletableFuture<PlaceholderInfo> later = new CompletableFuture<>();
            Object nothing = command.defer(later);
            count(cancelWins, i, engine.cancel(command.id()));
            later.complete(INFO);
            return (PlaceholderInfo) nothing;
          }
          return command.defer(CompletableFuture.completedFuture(INFO));
        }
      }
    };

    Semaphore window = new Semaphore(512);
    List<CompletableFuture<?>> results = new ArrayList<>(COMMANDS);
    for (int i = 0; i < COMMANDS; i++) {
      window.acquire();
      int index = i;
      Call<PlaceholderInfo> call = engine.getPlaceholder(ProjectedPath.of(Integer.toString(i)), 0);
      ids[i] = call.commandId();
      call.result().whenComplete((v, e) -> {
        answers.incrementAndGet(index);
        window.release();
      });
      Plan plan = plans[i];
      if (plan.cancelAtOnce) {
        count(cancelWins, i, call.cancel());
      }
      for (int r = 0; r < plan.racers; r++) {
        helpers.execute(() -> count(cancelWins, index, engine.cancel(ids[index])));
      }
      results.add(call.result());
    }
    CompletableFuture.allOf(results.stream().map(f -> f.handle((v, e) -> null))
        .toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);

    int cancelled = 0;
    for (int i = 0; i < COMMANDS; i++) {
      CompletableFuture<?> result = results.get(i);
      Plan plan = plans[i];
      assertThat(answers.get(i)).as("answers to command %d", i).isEqualTo(1);
      assertThat(cancelWins.get(i)).as("cancels that won for %d", i).isLessThanOrEqualTo(1);
      boolean wasCancelled = result.isCompletedExceptionally();
      if (wasCancelled) {
        cancelled++;
        assertThat(result.handle((v, e) -> e).join()).isInstanceOf(CancellationException.class);
        assertThat(cancelWins.get(i)).as("command %d was cancelled by exactly one cancel", i).isEqualTo(1);
        assertThat(plan.mayBeCancelled()).isTrue();
      } else {
        assertThat(result.join()).isSameAs(INFO);
        assertThat(cancelWins.get(i)).as("no cancel won for completed command %d", i).isZero();
        assertThat(plan.mustBeCancelled()).as("command %d had to be cancelled", i).isFalse();
      }
    }
    assertThat(engine.liveCommands()).isZero();
    // Both outcomes happened often: the races were real.
    assertThat(cancelled).isBetween(COMMANDS / 10, COMMANDS - COMMANDS / 10);

    // The provider hears of a cancel at most once per command, and only for cancelled commands.
    helpers.submit(() -> {}).get();
    org.awaitility.Awaitility.await().until(() -> provider.cancelCalls.get() == provider.cancelled.size());
    for (long id : provider.cancelled) {
      int i = indexOf(ids, id);
      assertThat(results.get(i).isCompletedExceptionally()).as("command %d told cancelled", i).isTrue();
    }
    CallbackStats stats = engine.stats().get(Callback.GET_PLACEHOLDER);
    assertThat(stats.count()).isEqualTo(COMMANDS);
    assertThat(stats.cancellations()).isEqualTo(cancelled);
    assertThat(stats.errors()).isZero();
  }

  private static void count(AtomicIntegerArray wins, int i, boolean won) {
    if (won) {
      wins.incrementAndGet(i);
    }
  }

  private static int indexOf(long[] ids, long id) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == id) {
        return i;
      }
    }
    throw new AssertionError("unknown id " + id);
  }
}
