package dev.holofs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.spi.Collation;
import dev.holofs.spi.Command;
import dev.holofs.spi.DataSink;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.EnumerationRequest;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.PlaceholderVersion;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.spi.Provider;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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

  /**
   * Like {@link InMemory}, but without session start and end hooks, so that starting a listing
   * runs no provider code and takes no slot: when the listing is asked for, the only slot is
   * certainly free. (With a start hook on the pool, the worker that answered the start may still
   * hold the slot for a moment, and the listing is then, correctly, queued.)
   */
  private static final class InMemoryWithoutSessionHooks implements Provider {
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public boolean answersMetadataFromMemory() {
      return true;
    }

    @Override
    public void enumerate(EnumerationRequest request, EntrySink sink) {
      threads.add(Thread.currentThread().getName());
    }

    @Override
    public PlaceholderInfo getPlaceholder(Command command, ProjectedPath path) {
      return null;
    }

    @Override
    public void getFileData(Command command, ProjectedPath path, long offset, int length,
        DataSink sink) {
      threads.add(Thread.currentThread().getName());
    }
  }

  @Test
  void listingsRunOnTheCallersThreadWhileASlotIsFreeAndFileDataOnThePool() throws Exception {
    InMemoryWithoutSessionHooks provider = new InMemoryWithoutSessionHooks();
    try (Engine engine = new Engine(provider, 1, 2, Collation.BYTE_ORDER)) {
      Call<Long> start = engine.startEnumeration(ProjectedPath.ROOT, 0);
      assertThat(start.result()).as("a start without provider code runs on the caller").isDone();
      long session = start.result().get();
      Call<Void> get = engine.getEnumeration(session, null, false, (n, i) -> true, 0);
      assertThat(get.result()).as("the listing, with the only slot free").isDone();
      engine.endEnumeration(session);
      engine.getFileData(ProjectedPath.of("f"), 0, 1, new TestSinks.Bytes(0, 1), 0,
          PlaceholderVersion.NONE).result().get(10, TimeUnit.SECONDS);
      assertThat(provider.threads).hasSize(2);
      assertThat(provider.threads.get(0)).as("the listing")
          .isEqualTo(Thread.currentThread().getName());
      assertThat(provider.threads.get(1)).as("the read").startsWith("holofs-worker-");
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
          new TestSinks.Bytes(0, 1), 0, PlaceholderVersion.NONE);
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
