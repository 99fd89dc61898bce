package dev.holofs.zip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.spi.ProjectedPath;
import dev.holofs.testkit.Driver;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entries' read states: made on first use, released after a read through, made again after. */
class ReadStateTest {

  @TempDir Path tmp;

  @Test
  void aStateIsNeverNullWhileAnotherThreadReleasesIt() throws Exception {
    HandZip z = new HandZip();
    z.stored("a.txt", new byte[] {1, 2, 3});
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("race.zip")))) {
      ZipTree tree = p.tree();
      int node = tree.find(ProjectedPath.of("a.txt"));
      CountDownLatch go = new CountDownLatch(1);
      // Both threads make the state and release it, as a reader and the walk ahead (or two
      // readers) do: one's state is released while the other has just lost the race to make one.
      Future<?>[] runs = new Future<?>[2];
      for (int t = 0; t < 2; t++) {
        runs[t] = pool.submit(() -> {
          go.await();
          for (int i = 0; i < 200_000; i++) {
            FileEntry f = tree.file(node);
            assertThat(f).isNotNull();
            tree.release(node, f);
          }
          return null;
        });
      }
      go.countDown();
      for (Future<?> run : runs) {
        run.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aReadFromTheMiddleAfterARelease() throws Exception {
    HandZip z = new HandZip();
    byte[] text = DeflatedReadTest.content(300_000, 31);
    z.stored("stored.bin", text);
    z.deflated("deflated.txt", text);
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("middle.zip"))); Driver d = Driver.of(p)) {
      for (String name : new String[] {"stored.bin", "deflated.txt"}) {
        Bytes.same(d.readAll(name, 64 << 10), text);
        assertThat(p.keepsReadState(ProjectedPath.of(name))).as(name).isFalse();
        // A backward seek after the kernel dropped its pages: the new state starts in the middle,
        // and its CRC is checked once the start was read too.
        int mid = 170_000;
        Bytes.same(d.read(name, mid, 200_000), Arrays.copyOfRange(text, mid, text.length));
        Bytes.same(d.read(name, 0, mid), Arrays.copyOf(text, mid));
        // Checked before fileForTest, which would make a state if none were kept.
        assertThat(p.keepsReadState(ProjectedPath.of(name))).as("read out of order: kept").isTrue();
        FileEntry f = p.fileForTest(ProjectedPath.of(name));
        assertThat(f.failure).as(name).isNull();
        Bytes.same(d.readAll(name, 64 << 10), text);
      }
    }
  }

  @Test
  void aSymlinkShownAsAFileKeepsItsStateAndTarget() throws Exception {
    HandZip z = new HandZip();
    byte[] target = {'a', 0, 'b'}; // a NUL: unusable, so shown as a file
    z.stored("bad-link", target).unix(0120777);
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("link.zip"))); Driver d = Driver.of(p)) {
      assertThat(d.lookup("bad-link").isSymlink()).isFalse();
      Bytes.same(d.readAll("bad-link"), target);
      // Released, the target would be read (and warned about) again on the next lookup.
      assertThat(p.keepsReadState(ProjectedPath.of("bad-link"))).isTrue();
      assertThat(p.fileForTest(ProjectedPath.of("bad-link")).linkTarget).isEmpty();
    }
  }
}
