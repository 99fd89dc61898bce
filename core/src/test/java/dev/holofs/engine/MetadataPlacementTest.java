package dev.holofs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.spi.Collation;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A provider that answers metadata from memory has its placeholders and listings answered on the
 * caller's thread while an execution slot is free, and on the pool otherwise; file data always
 * goes to the pool, and ConcurrentThreadCount still bounds what executes.
 */
class MetadataPlacementTest {

  private static final class InMemory extends TestProvider {
    @Override
    public boolean answersMetadataFromMemory() {
      return true;
    }
  }

  @Test
  void placeholdersRunOnTheCallersThreadWhileASlotIsFree() throws Exception {
    InMemory provider = new InMemory();
    provider.placeholder = (c, p) -> PlaceholderInfo.file(Thread.currentThread().getId()).build();
    try (Engine engine = new Engine(provider, 1, 2, Collation.BYTE_ORDER)) {
      Call<PlaceholderInfo> call = engine.getPlaceholder(ProjectedPath.of("a"), 0);
      assertThat(call.result()).isDone();
      assertThat(call.result().get().size()).isEqualTo(Thread.currentThread().getId());
      assertThat(engine.liveCommands()).isZero();
    }
  }

  @Test
  void listingsRunOnTheCallersThreadAndFileDataOnThePool() throws Exception {
    InMemory provider = new InMemory();
    java.util.List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    provider.enumerate = (r, sink) -> threads.add(Thread.currentThread().getName());
    provider.data = (c, p, off, len, sink) -> threads.add(Thread.currentThread().getName());
    try (Engine engine = new Engine(provider, 1, 2, Collation.BYTE_ORDER)) {
      long session = engine.startEnumeration(ProjectedPath.ROOT, 0).result().get(10, TimeUnit.SECONDS);
      Call<Void> get = engine.getEnumeration(session, null, false, (n, i) -> true, 0);
      assertThat(get.result()).isDone();
      engine.endEnumeration(session);
      engine.getFileData(ProjectedPath.of("f"), 0, 1, new TestSinks.Bytes(0, 1), 0,
          dev.holofs.spi.PlaceholderVersion.NONE).result().get(10, TimeUnit.SECONDS);
      assertThat(threads).hasSize(2);
      assertThat(threads.get(0)).as("the listing").isEqualTo(Thread.currentThread().getName());
      assertThat(threads.get(1)).as("the read").startsWith("holofs-worker-");
    }
  }

  @Test
  void withEverySlotTakenTheyWaitForThePool() throws Exception {
    InMemory provider = new InMemory();
    CountDownLatch holding = new CountDownLatch(1);
    CompletableFuture<Void> release = new CompletableFuture<>();
    provider.data = (c, p, off, len, sink) -> {
      holding.countDown();
      release.join(); // holds the only execution slot
    };
    provider.placeholder = (c, p) -> PlaceholderInfo.file(Thread.currentThread().getId()).build();
    try (Engine engine = new Engine(provider, 1, 2, Collation.BYTE_ORDER)) {
      Call<Void> read = engine.getFileData(ProjectedPath.of("f"), 0, 1,
          new TestSinks.Bytes(0, 1), 0, dev.holofs.spi.PlaceholderVersion.NONE);
      assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
      Call<PlaceholderInfo> call = engine.getPlaceholder(ProjectedPath.of("a"), 0);
      assertThat(call.result()).as("queued behind the busy slot").isNotDone();
      release.complete(null);
      assertThat(call.result().get(10, TimeUnit.SECONDS).size())
          .as("answered by a pool thread").isNotEqualTo(Thread.currentThread().getId());
      read.result().get(10, TimeUnit.SECONDS);
    }
  }
}
