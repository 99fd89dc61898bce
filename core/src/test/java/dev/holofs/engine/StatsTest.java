package dev.holofs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.holofs.ProjectionStats;
import dev.holofs.ProjectionStats.Callback;
import dev.holofs.spi.Collation;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.PlaceholderVersion;
import dev.holofs.spi.ProjectedPath;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Per-callback counts, errors, cancellations and latency histograms. */
class StatsTest {

  @Test
  void countsEachKindOfCallback() throws Exception {
    TestProvider provider = new TestProvider();
    CompletableFuture<PlaceholderInfo> never = new CompletableFuture<>();
    provider.placeholder = (c, p) -> switch (p.name()) {
      case "missing" -> null;
      case "error" -> throw new NoSuchFileException("error");
      case "slow" -> c.defer(never);
      default -> PlaceholderInfo.file(1).build();
    };
    try (Engine engine = new Engine(provider, 2, 4, Collation.BYTE_ORDER)) {
      for (String name : new String[] {"a", "b", "missing", "error"}) {
        engine.getPlaceholder(ProjectedPath.of(name), 0).result().handle((v, e) -> null).get();
      }
      Call<PlaceholderInfo> slow = engine.getPlaceholder(ProjectedPath.of("slow"), 0);
      await().until(() -> engine.liveCommands() == 1 && provider.cancelled.isEmpty());
      slow.cancel();
      for (int i = 0; i < 3; i++) {
        engine.getFileData(ProjectedPath.of("f"), 0, 10, new TestSinks.Bytes(0, 10), 0,
            PlaceholderVersion.NONE).result().get();
      }
      ProjectionStats stats = engine.stats();
      var placeholders = stats.get(Callback.GET_PLACEHOLDER);
      assertThat(placeholders.count()).isEqualTo(5);
      assertThat(placeholders.errors()).isEqualTo(1);
      assertThat(placeholders.cancellations()).isEqualTo(1);
      assertThat(Arrays.stream(placeholders.latencyBuckets()).sum()).isEqualTo(5);
      assertThat(placeholders.latencyAtMost(1.0)).isPositive();
      var reads = stats.get(Callback.GET_FILE_DATA);
      assertThat(reads.count()).isEqualTo(3);
      assertThat(reads.errors()).isZero();
      assertThat(stats.get(Callback.ENUMERATE).count()).isZero();
      assertThat(stats.get(Callback.START_ENUMERATION).count()).isZero();
    }
  }

  @Test
  void aListingCountsOneStartAndEachGet() throws Exception {
    TestProvider provider = new TestProvider();
    provider.enumerate = (r, s) -> {
      if (r.resumeAfter() == null) {
        s.add("a", PlaceholderInfo.file(1).build());
      }
    };
    try (Engine engine = new Engine(provider, 2, 4, Collation.BYTE_ORDER)) {
      long session = engine.startEnumeration(ProjectedPath.ROOT, 0).result().get();
      engine.getEnumeration(session, null, false, (n, i) -> true, 0).result().get();
      engine.getEnumeration(session, null, false, (n, i) -> true, 0).result().get(); // the end
      engine.endEnumeration(session);
      ProjectionStats stats = engine.stats();
      assertThat(stats.get(Callback.START_ENUMERATION).count()).isEqualTo(1);
      assertThat(stats.get(Callback.ENUMERATE).count()).isEqualTo(2);
    }
  }
}
