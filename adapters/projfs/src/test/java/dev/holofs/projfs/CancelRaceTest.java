package dev.holofs.projfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.holofs.examples.memory.MemoryProvider;
import dev.holofs.testkit.DeferringProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 commands, each completed by the provider from another thread while the fake ProjFS
 * cancels about half of them at random moments — before, while and after they go pending. Every
 * command is answered exactly once (its callback's return, one PrjCompleteCommand, or the cancel),
 * nothing is completed or written after its cancel returned, and nothing is left behind.
 */
class CancelRaceTest {

  private static final int COMMANDS = 10_000;

  @TempDir Path root;

  @Test
  void everyCommandIsAnsweredOnceHoweverCancelAndCompletionRace() throws Exception {
    MemoryProvider tree = new MemoryProvider().file("data", new byte[10_000]);
    ExecutorService completers = Executors.newFixedThreadPool(2);
    ExecutorService cancellers = Executors.newFixedThreadPool(2);
    DeferringProvider provider = new DeferringProvider(tree, completers);
    FakeMount mounted = FakeMount.start(provider, root, 2, 4, 512, 1024);
    SplittableRandom random = new SplittableRandom(20261204L);
    List<FakeCommand> commands = new ArrayList<>(COMMANDS);
    try {
      for (int i = 0; i < COMMANDS; i++) {
        FakeCommand c = random.nextBoolean() ? mounted.io.lookup(random.nextBoolean() ? "data" : "gone")
            : mounted.io.read("data", 512L * random.nextInt(20), 2048, 10_000).command();
        commands.add(c);
        if (random.nextBoolean()) {
          int spins = random.nextInt(2000);
          cancellers.execute(() -> {
            for (int s = 0; s < spins; s++) {
              Thread.onSpinWait();
            }
            mounted.io.cancel(c);
          });
        }
      }
      int cancelled = 0;
      for (FakeCommand c : commands) {
        int hr = FakeIo.await(c);
        if (hr == Prj.HR_ERROR_OPERATION_ABORTED) {
          cancelled++;
        }
      }
      cancellers.shutdown();
      assertThat(cancellers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      assertThat(mounted.fake.violations()).isEmpty();
      assertThat(commands).allMatch(c -> c.state.get() == FakeCommand.ANSWERED
          || c.state.get() == FakeCommand.CANCELLED);
      assertThat(cancelled).isBetween(COMMANDS / 10, COMMANDS / 2 + COMMANDS / 10);
      assertThat(provider.deferrals()).isGreaterThan(COMMANDS / 2);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        assertThat(mounted.mount.outstandingCommands()).isZero();
        assertThat(mounted.fake.liveAlignedBuffers()).isZero();
      });
    } finally {
      mounted.close();
      completers.shutdownNow();
      cancellers.shutdownNow();
    }
    assertThat(mounted.fake.violations()).isEmpty();
  }
}
