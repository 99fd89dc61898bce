package dev.holofs.fuse;

import static dev.holofs.fuse.FuseTests.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.holofs.Mount;
import dev.holofs.Projection;
import dev.holofs.spi.Command;
import dev.holofs.spi.DataSink;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.EnumerationRequest;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.spi.Provider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Callbacks run on the FUSE readers, and a mount has few of them (two waiting here, one per
 * execution slot). A reader whose callback blocks hands its place over first, and one held by a callback
 * that blocks without saying so is found by the housekeeping tick, which hands its place over
 * too: either way the mount goes on reading, so other requests are served and INTERRUPTs of the
 * held requests arrive.
 */
class ReaderHandOffTest {

  private static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path temp;

  /**
   * hello.txt answers at once; reading slowN.bin or stuckN.bin waits for {@link #release}. (One
   * file per reader: readers of one file wait for the same page, which is one READ.)
   */
  private static final class WaitingProvider implements Provider {
    final CountDownLatch release = new CountDownLatch(1);
    final Semaphore waiting = new Semaphore(0);

    @Override
    public void enumerate(EnumerationRequest request, EntrySink sink) {}

    @Override
    public PlaceholderInfo getPlaceholder(Command command, ProjectedPath path) {
      return kind(path) == null ? null : PlaceholderInfo.file(HELLO.length).build();
    }

    @Override
    public void getFileData(Command command, ProjectedPath path, long offset, int length,
        DataSink sink) throws IOException {
      switch (String.valueOf(kind(path))) {
        case "slow" -> command.blocking(() -> {
          waiting.release();
          return release.await(60, TimeUnit.SECONDS);
        });
        case "stuck" -> { // blocks without saying so, holding its slot
          waiting.release();
          try {
            release.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        case "hello" -> { }
        default -> throw new NoSuchFileException(path.toString());
      }
      int from = (int) Math.min(offset, HELLO.length);
      sink.write(ByteBuffer.wrap(HELLO, from, Math.min(length, HELLO.length - from)));
    }

    private static String kind(ProjectedPath path) {
      String name = path.toString();
      if (name.equals("hello.txt")) {
        return "hello";
      }
      return name.matches("(slow|stuck)[0-9]+\\.bin") ? name.replaceAll("[0-9]+\\.bin$", "") : null;
    }
  }

  private Mount mount(WaitingProvider provider, Path mnt, int poolThreadCount) throws IOException {
    assertThat(Readers.maxIdle(2)).as("a reader waiting per slot").isEqualTo(2);
    return Projection.builder(provider).concurrentThreadCount(2).poolThreadCount(poolThreadCount)
        .build().mount(mnt);
  }

  @Test
  void readersWhoseCallbacksBlockHandTheirPlaceOverAndTheMountServesOn() throws Exception {
    FuseTests.requireFuse();
    WaitingProvider provider = new WaitingProvider();
    Path mnt = Files.createDirectory(temp.resolve("mnt"));
    List<Process> readers = new ArrayList<>();
    try (Mount mount = mount(provider, mnt, 8)) {
      int blocked = Readers.maxIdle(2) + 1; // more than there are readers waiting
      for (int i = 0; i < blocked; i++) {
        readers.add(new ProcessBuilder("cat", mnt.resolve("slow" + i + ".bin").toString()).start());
      }
      assertThat(provider.waiting.tryAcquire(blocked, 30, TimeUnit.SECONDS)).as("all blocked").isTrue();
      assertThat(output("cat", mnt.resolve("hello.txt").toString())).isEqualTo("hello\n");
      provider.release.countDown();
      for (Process p : readers) {
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello\n");
      }
      // Readers back from blocking wait as spares: reads that block one after the other wake a
      // spare each, and start no thread.
      int started = ((FuseMount) mount).readersStarted();
      for (int i = 20; i < 40; i++) {
        assertThat(output("cat", mnt.resolve("slow" + i + ".bin").toString())).isEqualTo("hello\n");
      }
      assertThat(((FuseMount) mount).readersStarted()).isLessThanOrEqualTo(started + 2);
    } finally {
      provider.release.countDown();
      readers.forEach(Process::destroyForcibly);
      FuseTests.forceUnmount(mnt);
    }
  }

  @Test
  void withEverySlotHeldByCallbacksThatBlockSilentlyInterruptsStillArrive() throws Exception {
    FuseTests.requireFuse();
    WaitingProvider provider = new WaitingProvider();
    Path mnt = Files.createDirectory(temp.resolve("mnt"));
    List<Process> readers = new ArrayList<>();
    // Two places (the pool's bound): no reader starts on demand with both held, only the tick's.
    assertThat(Readers.places(2, 2)).isEqualTo(2);
    try (Mount mount = mount(provider, mnt, 2)) {
      for (int i = 0; i < 2; i++) { // one per slot
        readers.add(new ProcessBuilder("cat", mnt.resolve("stuck" + i + ".bin").toString()).start());
      }
      assertThat(provider.waiting.tryAcquire(2, 30, TimeUnit.SECONDS)).as("both slots held").isTrue();
      // A killed process waits for the answer to its INTERRUPT: it exits only if a reader is
      // there to read the INTERRUPT, which cancels the command and answers EINTR.
      readers.forEach(Process::destroyForcibly);
      for (Process p : readers) {
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("killed reader exits").isTrue();
      }
      provider.release.countDown();
      await().atMost(Duration.ofSeconds(30))
          .until(() -> output("cat", mnt.resolve("hello.txt").toString()).equals("hello\n"));
    } finally {
      provider.release.countDown();
      readers.forEach(Process::destroyForcibly);
      FuseTests.forceUnmount(mnt);
    }
  }
}
