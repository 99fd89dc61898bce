package dev.holofs.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.holofs.spi.OpeningProvider;
import dev.holofs.testkit.Driver;
import dev.holofs.testkit.Entry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Broken and malicious archives: refused at open, skipped entries, or failing reads. */
class HostileArchiveTest {

  @TempDir Path tmp;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private Path goodZip() throws Exception {
    Path zip = tmp.resolve("good.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (String n : new String[] {"one.txt", "two.txt", "three.txt"}) {
        out.putNextEntry(new ZipEntry(n));
        out.write(bytes(n.repeat(100)));
        out.closeEntry();
      }
    }
    return zip;
  }

  private Path write(String name, byte[] b) throws IOException {
    return Files.write(tmp.resolve(name), b);
  }

  @Test
  void notAZipArchiveIsRefusedWithOneLine() throws Exception {
    byte[] noise = new byte[100_000];
    new Random(1).nextBytes(noise);
    for (Path p : new Path[] {write("empty.zip", new byte[0]), write("noise.zip", noise),
        write("text.zip", bytes("just some text, long enough to hold a record"))}) {
      assertThatThrownBy(() -> ZipProvider.open(p)).isInstanceOf(IOException.class)
          .hasMessageContaining("not a zip archive: no end of central directory record")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
    assertThatThrownBy(() -> ZipProvider.open(tmp.resolve("absent.zip")))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }

  @Test
  void truncatedArchivesAreRefused() throws Exception {
    byte[] good = Files.readAllBytes(goodZip());
    Path tail = write("tail.zip", Arrays.copyOf(good, good.length - 10));
    assertThatThrownBy(() -> ZipProvider.open(tail)).hasMessageContaining("no end of central directory record");
    // The front of the file is lost: the central directory no longer fits before its end record.
    Path front = write("front.zip", Arrays.copyOfRange(good, good.length - 60, good.length));
    assertThatThrownBy(() -> ZipProvider.open(front)).hasMessageContaining("damaged central directory at offset");
  }

  @Test
  void aDamagedCentralDirectoryNamesTheOffset() throws Exception {
    byte[] good = Files.readAllBytes(goodZip());
    int first = indexOf(good, new byte[] {'P', 'K', 1, 2}, 0);
    int second = indexOf(good, new byte[] {'P', 'K', 1, 2}, first + 4);
    byte[] bad = good.clone();
    bad[second + 2] = 9;
    Path p = write("damaged.zip", bad);
    assertThatThrownBy(() -> ZipProvider.open(p))
        .hasMessageContaining("damaged central directory at offset " + second + ": no entry signature");
    byte[] nameLen = good.clone();
    nameLen[first + 28] = (byte) 0xFF; // a name running past the central directory
    nameLen[first + 29] = (byte) 0x7F;
    assertThatThrownBy(() -> ZipProvider.open(write("len.zip", nameLen)))
        .hasMessageContaining("damaged central directory at offset " + first);
  }

  @Test
  void damageFoundBehindTheEndRecordIsTheReasonTheOpenGives() throws Exception {
    byte[] bad = Files.readAllBytes(goodZip());
    int first = indexOf(bad, new byte[] {'P', 'K', 1, 2}, 0);
    int second = indexOf(bad, new byte[] {'P', 'K', 1, 2}, first + 4);
    bad[second + 2] = 9;
    String why = "damaged central directory at offset " + second + ": no entry signature";
    // The end record is sound: the archive opens, and the damage is found by the reading behind it.
    // (How requests wait for that reading and fail with its reason: core's OpeningProviderTest.)
    try (OpeningProvider<ZipProvider> p =
        ZipProvider.openInBackground(write("late.zip", bad), ZipOptions.defaults())) {
      assertThatThrownBy(p::awaitOpened).isInstanceOf(IOException.class).hasMessageContaining(why);
    }
  }

  @Test
  void unsafeNamesAreSkippedAndTheRestServed() throws Exception {
    HandZip z = new HandZip();
    for (String n : new String[] {"/etc/passwd", "../evil", "a/../../evil", "ok/../x", "nul\0byte",
        "C:/windows/evil", "C:\\evil", "\\\\server\\share", "..", "a/..", "./fine.txt", "dir//double", "good"}) {
      z.stored(n, bytes(n));
    }
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("names.zip"))); Driver d = Driver.of(p)) {
      assertThat(Entry.names(d.list(""))).containsExactly("dir", "fine.txt", "good");
      assertThat(Entry.names(d.list("dir"))).containsExactly("double");
      assertThat(p.skippedEntries()).isEqualTo(10);
      assertThat(new String(d.read("fine.txt", 0, 100), StandardCharsets.UTF_8)).isEqualTo("./fine.txt");
    }
  }

  @Test
  void aCheckedDirectoryDoesNotLetAnAbsoluteNameThrough() throws Exception {
    // Relative names whose directories read like absolute ones, then the absolute names.
    HandZip z = new HandZip();
    z.stored("./C:/x", bytes("relative"));
    z.stored("C:/evil", bytes("absolute"));
    z.stored("./\\srv/x", bytes("relative"));
    z.stored("\\srv/evil", bytes("absolute"));
    z.stored("D:", new byte[0]).externalAttributes = 0x10; // a DOS directory named D:
    z.stored("D:/evil", bytes("absolute"));
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("drive.zip"))); Driver d = Driver.of(p)) {
      assertThat(Entry.names(d.list(""))).containsExactly("C:", "D:", "\\srv");
      assertThat(Entry.names(d.list("C:"))).containsExactly("x");
      assertThat(Entry.names(d.list("\\srv"))).containsExactly("x");
      assertThat(d.list("D:")).isEmpty();
      assertThat(p.skippedEntries()).isEqualTo(3);
    }
  }

  @Test
  void namesAreLimitedTo255BytesOfUtf8() throws Exception {
    String fits = "é".repeat(127); // 254 bytes
    String tooLong = "é".repeat(128); // 256 bytes, 128 characters
    HandZip z = new HandZip();
    z.stored("d/first", bytes("x"));
    z.stored("d/" + fits, bytes("fits")); // the last name, after a known directory
    z.stored("d/" + tooLong, bytes("too long"));
    z.stored(fits + "/a", bytes("fits"));
    z.stored(tooLong + "/a", bytes("too long")); // a directory's name
    z.stored("\uD83D\uDE00".repeat(64), bytes("256 bytes in 128 chars"));
    z.entries.forEach(e -> e.flags = 0x800); // UTF-8 names
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("long.zip"))); Driver d = Driver.of(p)) {
      assertThat(Entry.names(d.list(""))).containsExactly("d", fits);
      assertThat(Entry.names(d.list("d"))).containsExactly("first", fits);
      assertThat(new String(d.read(fits + "/a", 0, 10), StandardCharsets.UTF_8)).isEqualTo("fits");
      assertThat(p.skippedEntries()).isEqualTo(3);
    }
  }

  @Test
  void anEndRecordThatUndercountsStillGivesEveryEntry() throws Exception {
    HandZip z = new HandZip();
    for (int i = 0; i < 300; i++) {
      z.stored("d" + (i % 7) + "/f" + i, bytes("" + i));
    }
    z.statedCount = 2; // as a count wrapped at 65,536 would
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("under.zip"))); Driver d = Driver.of(p)) {
      assertThat(d.list("")).hasSize(7);
      assertThat(d.list("d6")).hasSize(42);
      assertThat(new String(d.read("d5/f299", 0, 10), StandardCharsets.UTF_8)).isEqualTo("299");
    }
  }

  @Test
  void duplicatesAndClashesKeepTheFirst() throws Exception {
    HandZip z = new HandZip();
    z.stored("dup", bytes("first"));
    z.deflated("dup", bytes("second"));
    z.stored("file", bytes("a file"));
    z.stored("file/child", bytes("under a file"));
    z.stored("dir/child", bytes("child"));
    z.stored("dir", bytes("a file where a directory is"));
    // An explicit entry of an implied directory: no warning, and its metadata is the directory's.
    z.stored("dir/", new byte[0]).unix(040750);
    z.stored("dir/", new byte[0]).unix(040700); // but twice is a duplicate
    z.stored("file/", new byte[0]); // a directory where a file is
    z.stored("file2", bytes("a file"));
    z.stored("file2/sub/deep", bytes("under a file, deeper")); // and everything under it
    z.stored("file2/sub/", new byte[0]);
    z.stored("file2/other", bytes("under a file"));
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("dup.zip"))); Driver d = Driver.of(p)) {
      assertThat(new String(d.read("dup", 0, 100), StandardCharsets.UTF_8)).isEqualTo("first");
      assertThat(d.lookup("file").isFile()).isTrue();
      assertThat(d.lookup("file2").isFile()).isTrue();
      assertThat(d.lookup("dir").isDirectory()).isTrue();
      assertThat(d.lookup("dir").mode()).isEqualTo(0750);
      assertThat(Entry.names(d.list("dir"))).containsExactly("child");
      assertThat(Entry.names(d.list(""))).containsExactly("dir", "dup", "file", "file2");
      // dup, file/child, dir (the file), dir/ (the second), file/, and the three under file2
      assertThat(p.skippedEntries()).isEqualTo(8);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1 << 16})
  void anEntryInflatingPastItsSizeFailsAndIsNeverInflatedAgain(int checkpointInterval) throws Exception {
    byte[] zeros = new byte[8 << 20];
    HandZip z = new HandZip();
    // Says 3 MB, holds 8 MiB: read in chunks, so it fails when the reads reach its declared end.
    z.add(bytes("bomb"), zeros, 8, HandZip.deflate(zeros), 3_000_000);
    // Says 300 KB: inflated whole, so it fails at its first read.
    z.add(bytes("medium-bomb"), zeros, 8, HandZip.deflate(zeros), 300_000);
    z.add(bytes("small-bomb"), zeros, 8, HandZip.deflate(zeros), 1000);
    z.deflated("fine", bytes("fine".repeat(1000)));
    ZipOptions o = ZipOptions.defaults().withChunkSize(64 << 10).withCheckpointInterval(checkpointInterval);
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("bomb.zip")), o); Driver d = Driver.of(p)) {
      assertThat(d.lookup("bomb").size()).isEqualTo(3_000_000);
      assertThat(d.read("bomb", 0, 4096)).hasSize(4096); // not yet at the declared end
      assertThat(catchThrowable(() -> d.read("bomb", 2_999_000, 4096)))
          .isInstanceOf(IOException.class).hasMessageContaining("inflates past its declared size of 3000000");
      assertThat(catchThrowable(() -> d.read("bomb", 0, 4096)))
          .isInstanceOf(IOException.class).hasMessageContaining("inflates past its declared size");
      assertThat(catchThrowable(() -> d.read("medium-bomb", 0, 4096)))
          .isInstanceOf(IOException.class).hasMessageContaining("inflates past its declared size of 300000");
      assertThat(catchThrowable(() -> d.read("small-bomb", 0, 10)))
          .hasMessageContaining("inflates past its declared size of 1000");
      assertThat(p.liveInflaters()).isZero();
      assertThat(d.readAll("fine", 1000)).hasSize(4000);
    }
  }

  @Test
  void anEntryShorterThanItsSizeOrCorruptFails() throws Exception {
    byte[] text = bytes("short ".repeat(1000));
    byte[] garbage = new byte[5000];
    new Random(2).nextBytes(garbage);
    garbage[0] = (byte) 0xFF; // block type 3: invalid
    HandZip z = new HandZip();
    z.add(bytes("short"), text, 8, HandZip.deflate(text), text.length + 500);
    z.add(bytes("garbage"), garbage, 8, garbage, 100_000);
    z.add(bytes("liar"), text, 0, text, text.length).size = 2 * text.length; // stored, sizes differ
    for (int interval : new int[] {0, 1 << 16}) {
      ZipOptions o = ZipOptions.defaults().withCheckpointInterval(interval);
      try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("short.zip")), o); Driver d = Driver.of(p)) {
        assertThat(catchThrowable(() -> d.read("short", 0, 100_000)))
            .isInstanceOf(IOException.class).hasMessageContaining("shorter than its declared size");
        assertThat(catchThrowable(() -> d.read("garbage", 0, 100)))
            .isInstanceOf(IOException.class).hasMessageContaining("corrupt deflate data");
        assertThat(catchThrowable(() -> d.read("liar", 0, 100)))
            .isInstanceOf(IOException.class).hasMessageContaining("stored entry");
      }
    }
  }

  @Test
  void encryptedEntriesAreAccessDeniedAndUnknownMethodsAnIoError() throws Exception {
    HandZip z = new HandZip();
    z.stored("secret", bytes("encrypted bytes")).flags = 1;
    HandZip.Entry aes = z.stored("aes", bytes("aes bytes"));
    aes.flags = 1;
    aes.method = 99;
    z.stored("bzip2", bytes("BZh91AY&SY")).method = 12;
    z.stored("plain", bytes("plain"));
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("enc.zip"))); Driver d = Driver.of(p)) {
      assertThat(d.lookup("secret").size()).isEqualTo(15);
      assertThat(catchThrowable(() -> d.read("secret", 0, 10))).isInstanceOf(AccessDeniedException.class);
      assertThat(catchThrowable(() -> d.read("aes", 0, 10))).isInstanceOf(AccessDeniedException.class);
      assertThat(catchThrowable(() -> d.read("bzip2", 0, 10)))
          .isInstanceOf(IOException.class).isNotInstanceOf(AccessDeniedException.class)
          .hasMessage("unsupported compression method 12 (bzip2)");
      assertThat(d.read("plain", 0, 10)).isEqualTo(bytes("plain"));
    }
  }

  @Test
  void badLocalHeaderOffsetsFailTheRead() throws Exception {
    HandZip z = new HandZip();
    HandZip.Entry beyond = z.stored("beyond", bytes("x"));
    beyond.localHeaderOffset = 1L << 40;
    beyond.zip64 = true;
    z.stored("nowhere", bytes("y")).localHeaderOffset = 3L;
    z.stored("ok", bytes("ok"));
    Path file = z.write(tmp.resolve("lho.zip"));
    try (ZipProvider p = ZipProvider.open(file); Driver d = Driver.of(p)) {
      assertThat(catchThrowable(() -> d.read("beyond", 0, 10)))
          .hasMessageContaining("bad local header offset 1099511627776").hasMessageContaining("outside");
      assertThat(catchThrowable(() -> d.read("nowhere", 0, 10)))
          .hasMessageContaining("bad local header offset 3").hasMessageContaining("no local header signature");
      assertThat(d.read("ok", 0, 10)).isEqualTo(bytes("ok"));
    }
  }

  @Test
  void pathsPastTheLinuxLimitAreSkippedAndTheRestServed() throws Exception {
    HandZip z = new HandZip();
    z.stored("a/".repeat(32_765) + "x", bytes("32,765 levels deep")); // 65,531 bytes
    z.stored("b/".repeat(2045) + "leaf", bytes("4,094 bytes: fits"));
    z.stored("c/".repeat(2046) + "leaf", bytes("4,096 bytes: one too many"));
    z.stored("c/".repeat(2045) + "é", bytes("4,092 bytes"));
    z.stored("c/".repeat(2045) + "ééé", bytes("4,096 bytes in UTF-8"));
    z.stored("c/".repeat(2045) + "dir/", new byte[0]); // 4,094 bytes, a directory
    z.stored("shallow", bytes("ok"));
    z.entries.forEach(e -> e.flags = 0x800); // UTF-8 names
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("deep.zip"))); Driver d = Driver.of(p)) {
      assertThat(p.skippedEntries()).isEqualTo(3);
      assertThat(Entry.names(d.list(""))).containsExactly("b", "c", "shallow");
      String deepB = "b/".repeat(2045);
      assertThat(d.read(deepB + "leaf", 0, 100)).asString().isEqualTo("4,094 bytes: fits");
      String deepC = "c/".repeat(2045);
      assertThat(Entry.names(d.list(deepC.substring(0, deepC.length() - 1))))
          .containsExactly("dir", "é");
    }
  }

  @Test
  void aMountOfAnArchive32765LevelsDeepListsQuickly() throws Exception {
    dev.holofs.testkit.KernelTests.requireFuse();
    HandZip z = new HandZip();
    z.stored("a/".repeat(32_765) + "x", bytes("deep"));
    z.stored("shallow", bytes("ok"));
    Path mnt = Files.createDirectory(tmp.resolve("mnt"));
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("deep.zip")));
        dev.holofs.Mount m = dev.holofs.Projection.builder(p).build().mount(mnt);
        java.util.stream.Stream<Path> walk = Files.walk(m.mountpoint())) {
      assertThat(walk.map(f -> mnt.relativize(f).toString())).containsExactlyInAnyOrder("", "shallow");
    }
  }

  private static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = from; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
