package dev.holofs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.holofs.spi.Collation;
import dev.holofs.spi.ProjectedPath;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The end of every started session is delivered exactly once, however its start and end race. */
class SessionEndTest {

  @Test
  void cancellingStartsAtRandomMomentsEndsEveryStartedSessionOnce() throws Exception {
    TestProvider provider = new TestProvider();
    try (Engine engine = new Engine(provider, 2, 4, Collation.BYTE_ORDER)) {
      java.util.SplittableRandom random = new java.util.SplittableRandom(7);
      for (int i = 0; i < 2000; i++) {
        Call<Long> open = engine.startEnumeration(ProjectedPath.ROOT, 0);
        for (int spin = random.nextInt(2) == 0 ? 0 : random.nextInt(3000); spin > 0; spin--) {
          Thread.onSpinWait();
        }
        if (!open.cancel()) {
          engine.endEnumeration(open.result().get(10, TimeUnit.SECONDS));
        }
      }
      await().atMost(10, TimeUnit.SECONDS).untilAsserted(
          () -> assertThat(provider.ends.get()).isEqualTo(provider.starts.get()));
      assertThat(engine.liveSessions()).isZero();
      assertThat(engine.liveCommands()).isZero();
    }
  }

  @Test
  void enumerateNeverStartsAfterTheSessionsEndWasDelivered() throws Exception {
    java.util.Set<Long> ended = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.atomic.AtomicInteger violations = new java.util.concurrent.atomic.AtomicInteger();
    TestProvider provider = new TestProvider() {
      @Override
      public void endEnumeration(dev.holofs.spi.EnumerationSession session) {
        ended.add(session.id());
        super.endEnumeration(session);
      }
    };
    provider.enumerate = (request, sink) -> {
      if (ended.contains(request.session().id())) {
        violations.incrementAndGet();
      }
      sink.add("a", dev.holofs.spi.PlaceholderInfo.file(0).build());
    };
    try (Engine engine = new Engine(provider, 2, 4, Collation.BYTE_ORDER)) {
      java.util.SplittableRandom random = new java.util.SplittableRandom(3);
      java.util.List<Call<Void>> gets = new java.util.ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        long session = engine.startEnumeration(ProjectedPath.ROOT, 0).result().get(10, TimeUnit.SECONDS);
        gets.add(engine.getEnumeration(session, null, false, new TestSinks.Entries(10), 0));
        for (int spin = random.nextInt(3000); spin > 0; spin--) {
          Thread.onSpinWait();
        }
        engine.endEnumeration(session); // RELEASEDIR racing the READDIR
      }
      for (Call<Void> get : gets) {
        get.result().handle((v, e) -> null).get(10, TimeUnit.SECONDS);
      }
      await().atMost(10, TimeUnit.SECONDS).until(() -> provider.ends.get() == 2000);
      assertThat(violations.get()).isZero();
      assertThat(engine.liveSessions()).isZero();
      assertThat(engine.liveCommands()).isZero();
    }
  }
}
