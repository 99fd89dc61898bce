package dev.holofs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.spi.Collation;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** An engine whose callbacks run on the adapter's thread (ProjFS's pool), when it says start. */
class CallerRunsTest {

  @Test
  void theCallbackRunsOnTheThreadThatStartsIt() throws Exception {
    TestProvider provider = new TestProvider();
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    provider.placeholder = (c, p) -> {
      ranOn.set(Thread.currentThread());
      return PlaceholderInfo.file(1).build();
    };
    try (Engine engine = new Engine(provider, 1, 2, Collation.WINDOWS, true)) {
      Call<PlaceholderInfo> call = engine.getPlaceholder(ProjectedPath.of("a"), 1);
      assertThat(call.result()).isNotDone();
      assertThat(ranOn.get()).isNull();
      call.start();
      assertThat(ranOn.get()).isSameAs(Thread.currentThread());
      assertThat(call.result().getNow(null).size()).isEqualTo(1);
      call.start(); // a second start runs nothing
      assertThat(engine.liveCommands()).isZero();
    }
  }

  @Test
  void aCallCancelledBeforeItStartsNeverReachesTheProvider() {
    TestProvider provider = new TestProvider();
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    provider.placeholder = (c, p) -> {
      ranOn.set(Thread.currentThread());
      return null;
    };
    try (Engine engine = new Engine(provider, 1, 2, Collation.WINDOWS, true)) {
      Call<PlaceholderInfo> call = engine.getPlaceholder(ProjectedPath.of("a"), 1);
      assertThat(call.cancel()).isTrue();
      call.start();
      assertThat(ranOn.get()).isNull();
      assertThat(call.result()).isCompletedExceptionally();
      assertThat(call.result().handle((v, e) -> e)).isCompletedWithValueMatching(
          e -> e instanceof CancellationException);
    }
  }
}
