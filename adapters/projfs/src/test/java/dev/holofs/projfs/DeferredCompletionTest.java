package dev.holofs.projfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.examples.memory.MemoryProvider;
import dev.holofs.testkit.DeferringProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Answers that come later: the callback returns ERROR_IO_PENDING and the adapter completes the
 * command with PrjCompleteCommand — the fake rejects a completion of anything not pending, and an
 * enumeration's completion that does not name its buffer.
 */
class DeferredCompletionTest {

  @TempDir Path root;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private DeferringProvider provider;
  private FakeMount mounted;
  private byte[] content;

  @BeforeEach
  void mount() throws Exception {
    content = new byte[3 * 4096 + 123];
    new SplittableRandom(1).nextBytes(content);
    MemoryProvider tree = new MemoryProvider().file("data.bin", content);
    for (int i = 0; i < 300; i++) {
      tree.file("dir/f" + i, new byte[i]);
    }
    provider = new DeferringProvider(tree, executor);
    mounted = FakeMount.start(provider, root, 2, 4, 4096, 8192);
  }

  @AfterEach
  void unmount() {
    mounted.close();
    executor.shutdownNow();
    assertThat(mounted.fake.violations()).isEmpty();
    assertThat(mounted.fake.liveAlignedBuffers()).isZero();
  }

  @Test
  void deferredPlaceholdersAreWrittenThenCompleted() throws Exception {
    FakeCommand found = mounted.io.lookup("data.bin");
    FakeCommand missing = mounted.io.lookup("none");
    assertThat(FakeIo.await(found)).isEqualTo(Prj.S_OK);
    assertThat(FakeIo.await(missing)).isEqualTo(Prj.HR_ERROR_FILE_NOT_FOUND);
    assertThat(mounted.fake.state.placeholders.get("data.bin").size()).isEqualTo(content.length);
    assertThat(provider.deferrals()).isEqualTo(2);
  }

  @Test
  void deferredReadsWriteAlignedChunksAndCompleteOnce() throws Exception {
    // Chunks of 8 KiB: 16 KiB reads go out in two aligned writes, the last read's tail unaligned.
    List<FakeIo.Read> reads = new ArrayList<>();
    for (long offset = 0; offset < content.length; offset += 16384) {
      reads.add(mounted.io.read("data.bin", offset, 16384, content.length));
    }
    for (FakeIo.Read r : reads) {
      assertThat(FakeIo.await(r.command())).isEqualTo(Prj.S_OK);
      assertThat(r.stream().complete()).isTrue();
      int from = (int) r.stream().offset;
      assertThat(r.stream().bytes).isEqualTo(java.util.Arrays.copyOfRange(content, from,
          Math.min(content.length, from + 16384)));
    }
  }

  @Test
  void deferredEnumerationsCompleteWithTheirBuffer() throws Exception {
    FakeIo.Listing listing = mounted.io.list("dir", "F1*", 1024, 0, null, false);
    assertThat(listing.names()).hasSize(111).allMatch(n -> n.startsWith("f1"));
    assertThat(listing.gets()).isGreaterThan(10);
    assertThat(mounted.mount.openEnumerations()).isZero();
  }
}
