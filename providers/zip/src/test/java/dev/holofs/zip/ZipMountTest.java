package dev.holofs.zip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.Mount;
import dev.holofs.Projection;
import dev.holofs.testkit.ExpectedTree;
import dev.holofs.testkit.KernelTests;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real kernel mount of an archive: every file's SHA-256 equals its entry's. */
class ZipMountTest {

  @TempDir Path tmp;

  @Test
  void everyMountedFileHasTheSha256OfItsEntry() throws Exception {
    KernelTests.requireFuse();
    Map<String, byte[]> files = new TreeMap<>();
    Random r = new Random(42);
    for (int d = 0; d < 12; d++) {
      for (int f = 0; f < 25; f++) {
        byte[] b = new byte[r.nextInt(5000)];
        r.nextBytes(b);
        files.put("dir" + d + "/sub" + (f % 3) + "/file" + f + ".bin", b);
      }
    }
    files.put("big/deflated.txt", DeflatedReadTest.content(24 << 20, 5));
    byte[] stored = new byte[3 << 20];
    r.nextBytes(stored);
    files.put("big/stored.bin", stored);
    files.put("empty", new byte[0]);
    files.put("ünïcödé/名前.txt", "名前\n".getBytes(StandardCharsets.UTF_8));
    HandZip z = new HandZip();
    int i = 0;
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      HandZip.Entry entry = e.getKey().equals("big/stored.bin") || i++ % 3 == 0
          ? z.stored(e.getKey(), e.getValue()) : z.deflated(e.getKey(), e.getValue());
      entry.flags = 0x800;
      entry.unix(0100644);
    }
    z.stored("empty-dir/", new byte[0]).unix(040755);
    z.stored("link", "big/stored.bin".getBytes(StandardCharsets.UTF_8)).unix(0120777);
    Path zip = z.write(tmp.resolve("mount.zip"));

    Path mnt = Files.createDirectory(tmp.resolve("mnt"));
    try (ZipProvider provider = ZipProvider.open(zip);
        Mount mount = Projection.builder(provider).build().mount(mnt)) {
      assertThat(mount.mountpoint()).isEqualTo(mnt);
      Map<String, String> seen = new TreeMap<>();
      List<String> dirs = new ArrayList<>();
      try (Stream<Path> walk = Files.walk(mnt)) {
        for (Path p : (Iterable<Path>) walk::iterator) {
          String rel = mnt.relativize(p).toString();
          if (Files.isSymbolicLink(p)) {
            assertThat(Files.readSymbolicLink(p).toString()).isEqualTo("big/stored.bin");
            seen.put(rel, "link");
          } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            dirs.add(rel);
          } else {
            assertThat(Files.size(p)).as("size of %s", rel).isEqualTo(files.get(rel).length);
            seen.put(rel, ExpectedTree.sha256(Files.readAllBytes(p)));
          }
        }
      }
      Map<String, String> expected = new TreeMap<>();
      files.forEach((k, v) -> expected.put(k, ExpectedTree.sha256(v)));
      expected.put("link", "link");
      assertThat(seen).isEqualTo(expected);
      assertThat(dirs).contains("", "empty-dir", "dir0", "dir0/sub2", "ünïcödé");
      assertThat(Files.getPosixFilePermissions(mnt.resolve("dir0/sub0/file0.bin")))
          .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      assertThat(Files.readAllBytes(mnt.resolve("link"))).isEqualTo(stored);

      byte[] big = files.get("big/deflated.txt");
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> jobs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          long seed = t;
          jobs.add(pool.submit(() -> {
            Random rr = new Random(seed);
            try (RandomAccessFile f = new RandomAccessFile(mnt.resolve("big/deflated.txt").toFile(), "r")) {
              for (int k = 0; k < 100; k++) {
                int off = rr.nextInt(big.length);
                byte[] got = new byte[4096];
                f.seek(off);
                int n = f.read(got);
                Bytes.same(java.util.Arrays.copyOf(got, Math.max(n, 0)),
                    java.util.Arrays.copyOfRange(big, off, Math.min(big.length, off + 4096)));
              }
            }
            return null;
          }));
        }
        for (Future<?> f : jobs) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
    } finally {
      if (Files.readString(Path.of("/proc/mounts")).contains(" " + mnt + " ")) {
        new ProcessBuilder("umount", "-l", mnt.toString()).start().waitFor();
      }
    }
  }

  /**
   * A source-tree-shaped archive read through the kernel by a recursive reader (the walk that
   * has entries inflated ahead) and by random preads, with a cache far smaller than the archive:
   * every byte is the entry's, and the cache stays in its budget.
   */
  @Test
  void aRecursiveReaderAndRandomPreadsGetEveryByteWithASmallCache() throws Exception {
    KernelTests.requireFuse();
    Map<String, byte[]> files = new TreeMap<>();
    Random r = new Random(7);
    HandZip z = new HandZip();
    for (int i = 0; i < 240; i++) {
      String name = "src/m" + (i % 4) + "/d" + (i % 7) + "/file" + i + ".c";
      byte[] b = DeflatedReadTest.content(i % 40 == 0 ? 150_000 + r.nextInt(150_000) : r.nextInt(30_000), i);
      files.put(name, b);
      z.deflated(name, b);
    }
    byte[] large = DeflatedReadTest.content(3 << 20, 77);
    files.put("src/large.txt", large);
    z.deflated("src/large.txt", large);
    Path zip = z.write(tmp.resolve("tree.zip"));
    Path mnt = Files.createDirectory(tmp.resolve("mnt2"));
    ZipOptions small = ZipOptions.defaults().withMaxInflaters(1).withCacheSize(2 << 20);
    try (ZipProvider provider = ZipProvider.open(zip, small);
        Mount mount = Projection.builder(provider).build().mount(mnt)) {
      int read = 0;
      try (Stream<Path> walk = Files.walk(mnt)) {
        for (Path p : (Iterable<Path>) walk::iterator) {
          if (Files.isRegularFile(p)) {
            String rel = mnt.relativize(p).toString();
            Bytes.same(Files.readAllBytes(p), files.get(rel));
            read++;
          }
        }
      }
      assertThat(read).isEqualTo(files.size());
      List<String> names = new ArrayList<>(files.keySet());
      for (int k = 0; k < 300; k++) {
        String name = names.get(r.nextInt(names.size()));
        byte[] want = files.get(name);
        try (RandomAccessFile f = new RandomAccessFile(mnt.resolve(name).toFile(), "r")) {
          int off = want.length == 0 ? 0 : r.nextInt(want.length);
          byte[] got = new byte[4096];
          f.seek(off);
          int n = f.read(got);
          Bytes.same(java.util.Arrays.copyOf(got, Math.max(n, 0)),
              java.util.Arrays.copyOfRange(want, off, Math.min(want.length, off + 4096)));
        }
      }
      assertThat(provider.cache().weight()).isLessThanOrEqualTo(provider.cache().capacity());
    } finally {
      if (Files.readString(Path.of("/proc/mounts")).contains(" " + mnt + " ")) {
        new ProcessBuilder("umount", "-l", mnt.toString()).start().waitFor();
      }
    }
  }
}
