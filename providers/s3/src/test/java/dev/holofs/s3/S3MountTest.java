package dev.holofs.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.holofs.Mount;
import dev.holofs.Projection;
import dev.holofs.testkit.ExpectedTree;
import dev.holofs.testkit.KernelTests;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real kernel mount of a bucket: files equal their objects byte for byte, listings cost no HEAD. */
class S3MountTest {

  static final String BUCKET = "mount";

  @TempDir Path tmp;

  @Test
  void everyMountedFileHasTheSha256OfItsObject() throws Exception {
    KernelTests.requireFuse();
    S3Proxy s3 = S3Proxy.get();
    s3.createBucket(BUCKET);
    Map<String, byte[]> objects = new TreeMap<>();
    Random r = new Random(11);
    for (int d = 0; d < 6; d++) {
      for (int f = 0; f < 20; f++) {
        byte[] b = new byte[r.nextInt(6000)];
        r.nextBytes(b);
        objects.put("dir" + d + "/sub" + (f % 3) + "/file" + f + ".bin", b);
      }
    }
    for (int i = 0; i < 1500; i++) {
      objects.put(String.format("flat/f%04d.log", i), ("line " + i + "\n").getBytes());
    }
    byte[] big = new byte[24 << 20];
    r.nextBytes(big);
    objects.put("big/object.bin", big);
    objects.put("ünïcödé/名前.txt", "名前\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    objects.put("empty", new byte[0]);
    s3.putAll(BUCKET, objects);

    Path mnt = Files.createDirectory(tmp.resolve("mnt"));
    try (FaultProxy proxy = new FaultProxy(s3.endpoint());
        S3Provider provider = S3Provider.open(s3.options(BUCKET, "").withEndpoint(proxy.endpoint()));
        Mount mount = Projection.builder(provider).build().mount(mnt)) {
      provider.invalidateThrough(mount);

      // ls -l of a 1,500-key directory (its parent listed before): listing pages only, no HEAD.
      try (Stream<Path> root = Files.list(mnt)) {
        assertThat(root.map(p -> p.getFileName().toString()))
            .contains("flat", "big", "empty", "ünïcödé");
      }
      proxy.requests().clear();
      Process ls = new ProcessBuilder("ls", "-l", mnt.resolve("flat").toString()).start();
      String listing;
      try (InputStream out = ls.getInputStream()) {
        listing = new String(out.readAllBytes());
      }
      assertThat(ls.waitFor()).isZero();
      assertThat(listing.lines().filter(l -> l.contains(".log"))).hasSize(1500);
      await().atMost(Duration.ofSeconds(30)).until(() -> provider.requestsInFlight() == 0);
      assertThat(proxy.requests()).as("requests of ls -l").noneMatch(l -> l.startsWith("HEAD "))
          .allMatch(l -> l.contains("list-type=2"));

      Map<String, String> seen = new TreeMap<>();
      try (Stream<Path> walk = Files.walk(mnt)) {
        for (Path p : (Iterable<Path>) walk::iterator) {
          if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            String rel = mnt.relativize(p).toString();
            assertThat(Files.size(p)).as("size of %s", rel).isEqualTo(objects.get(rel).length);
            seen.put(rel, ExpectedTree.sha256(Files.readAllBytes(p)));
          }
        }
      }
      Map<String, String> expected = new TreeMap<>();
      objects.forEach((k, v) -> expected.put(k, ExpectedTree.sha256(v)));
      assertThat(seen).isEqualTo(expected);

      // Random preads of the big object get exactly their bytes.
      try (RandomAccessFile f = new RandomAccessFile(mnt.resolve("big/object.bin").toFile(), "r")) {
        for (int k = 0; k < 50; k++) {
          int off = r.nextInt(big.length);
          byte[] got = new byte[4096];
          f.seek(off);
          int n = f.read(got);
          assertThat(Arrays.copyOf(got, Math.max(n, 0)))
              .isEqualTo(Arrays.copyOfRange(big, off, Math.min(big.length, off + 4096)));
        }
      }

      // Replaced in the bucket under a reader: the read that meets the new ETag fails (EIO), and
      // the next open sees the new object, never a mix of both.
      // Far larger than what the first read makes the kernel and the read-ahead fetch, so the read
      // at its end must go to S3 after the replacement.
      byte[] first = new byte[48 << 20];
      r.nextBytes(first);
      s3.put(BUCKET, "late/swap.bin", first);
      byte[] replacement = new byte[first.length];
      new Random(12).nextBytes(replacement);
      Path object = mnt.resolve("late/swap.bin");
      try (RandomAccessFile f = new RandomAccessFile(object.toFile(), "r")) {
        byte[] head = new byte[65536];
        f.readFully(head);
        assertThat(head).isEqualTo(Arrays.copyOf(first, head.length));
        s3.put(BUCKET, "late/swap.bin", replacement);
        f.seek(first.length - 65536);
        assertThatThrownBy(() -> f.readFully(head)).isInstanceOf(java.io.IOException.class);
      }
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> ExpectedTree.sha256(Files.readAllBytes(object)).equals(ExpectedTree.sha256(replacement)));
    } finally {
      if (Files.readString(Path.of("/proc/mounts")).contains(" " + mnt + " ")) {
        new ProcessBuilder("umount", "-l", mnt.toString()).start().waitFor();
      }
    }
  }
}
