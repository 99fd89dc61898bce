package dev.holofs.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.holofs.spi.Collation;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.testkit.Driver;
import dev.holofs.testkit.Entry;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives written by java.util.zip and by hand, read through the engine. */
class ZipProviderTest {

  @TempDir Path tmp;

  @Test
  void listsImpliedDirectoriesAndReadsStoredAndDeflatedEntries() throws Exception {
    byte[] text = "hello, zip\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
    byte[] noise = new byte[70_000];
    new Random(1).nextBytes(noise);
    Path zip = tmp.resolve("a.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      put(out, "b/c/deep.txt", text, ZipEntry.DEFLATED);
      put(out, "a.txt", text, ZipEntry.STORED);
      put(out, "b/noise.bin", noise, ZipEntry.DEFLATED);
      out.putNextEntry(new ZipEntry("empty/"));
      out.closeEntry();
      put(out, "zero", new byte[0], ZipEntry.DEFLATED);
    }
    try (ZipProvider p = ZipProvider.open(zip); Driver d = Driver.of(p)) {
      assertThat(Entry.names(d.list(""))).containsExactly("a.txt", "b", "empty", "zero");
      assertThat(Entry.names(d.list("b"))).containsExactly("c", "noise.bin");
      assertThat(Entry.names(d.list("b/c"))).containsExactly("deep.txt");
      assertThat(d.list("empty")).isEmpty();
      assertThat(d.lookup("b").isDirectory()).isTrue();
      assertThat(d.lookup("b/c/deep.txt").size()).isEqualTo(text.length);
      assertThat(d.lookup("b/noise.bin").size()).isEqualTo(noise.length);
      assertThat(d.lookup("nope")).isNull();
      assertThat(d.lookup("a.txt/x")).isNull();
      assertThat(d.readAll("a.txt", 4096)).isEqualTo(text);
      assertThat(d.readAll("b/c/deep.txt", 1000)).isEqualTo(text);
      assertThat(d.readAll("b/noise.bin", 65536)).isEqualTo(noise);
      assertThat(d.readAll("zero", 10)).isEmpty();
      assertThat(d.read("b/noise.bin", 69_990, 100)).hasSize(10);
      assertThat(d.read("b/noise.bin", 80_000, 100)).isEmpty();
      assertThat(catchThrowable(() -> d.list("a.txt")))
          .isInstanceOf(java.nio.file.NotDirectoryException.class);
      assertThat(catchThrowable(() -> d.list("missing")))
          .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }
  }

  @Test
  void listingResumesAfterTheLastAcceptedNameInBothCollations() throws Exception {
    Path zip = tmp.resolve("many.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (int i = 0; i < 50; i++) {
        put(out, (i % 2 == 0 ? "F" : "f") + i, new byte[] {(byte) i}, ZipEntry.DEFLATED);
      }
    }
    try (ZipProvider p = ZipProvider.open(zip); Driver d = Driver.of(p)) {
      assertThat(d.list("")).hasSize(50);
      assertThat(Entry.names(d.list(""))).isSortedAccordingTo(dev.holofs.spi.Collation.BYTE_ORDER);
    }
    try (ZipProvider p = ZipProvider.open(zip);
        dev.holofs.engine.Engine e = new dev.holofs.engine.Engine(p, 1, 2, dev.holofs.spi.Collation.WINDOWS)) {
      long s = e.startEnumeration(dev.holofs.spi.ProjectedPath.ROOT, 0).result().get();
      java.util.List<String> names = new java.util.ArrayList<>();
      while (true) {
        int before = names.size();
        int[] room = {3};
        e.getEnumeration(s, null, false, (n, i) -> room[0]-- > 0 && names.add(n), 0).result().get();
        if (names.size() == before) {
          break;
        }
      }
      e.endEnumeration(s);
      assertThat(names).hasSize(50).isSortedAccordingTo(dev.holofs.spi.Collation.WINDOWS);
    }
  }

  @Test
  void entriesInAnyOrderMakeTheSameSortedTree() throws Exception {
    // Directories interleaved entry by entry, names beyond ASCII and beyond U+FFFF (whose UTF-16
    // order differs from their byte order), written shuffled and in order.
    String[] parts = {"a", "B", "é", "z", "\uD83D\uDE00", "\uFF21", "a.b", "aa"};
    Map<String, TreeSet<String>> expected = new HashMap<>();
    List<String> files = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      String dir = parts[i % parts.length] + "/" + parts[(i / parts.length) % parts.length];
      String name = parts[(i / 64) % parts.length] + i;
      files.add(dir + "/" + name);
    }
    for (String f : files) {
      String parent = "";
      for (String n : f.split("/")) {
        expected.computeIfAbsent(parent, k -> new TreeSet<>(Collation.BYTE_ORDER)).add(n);
        parent = parent.isEmpty() ? n : parent + "/" + n;
      }
    }
    List<String> shuffled = new ArrayList<>(files);
    Collections.shuffle(shuffled, new Random(7));
    List<String> sorted = new ArrayList<>(files);
    Collections.sort(sorted);
    for (List<String> order : List.of(shuffled, sorted, files)) {
      Path zip = tmp.resolve("order.zip");
      try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
        for (String f : order) {
          put(out, f, f.getBytes(StandardCharsets.UTF_8), ZipEntry.STORED);
        }
      }
      try (ZipProvider p = ZipProvider.open(zip); Driver d = Driver.of(p)) {
        for (var e : expected.entrySet()) {
          assertThat(Entry.names(d.list(e.getKey()))).as(e.getKey()).containsExactlyElementsOf(e.getValue());
        }
        for (String f : files) {
          assertThat(d.lookup(f).size()).as(f).isEqualTo(f.getBytes(StandardCharsets.UTF_8).length);
        }
        assertThat(d.read(files.get(2999), 0, 100)).isEqualTo(files.get(2999).getBytes(StandardCharsets.UTF_8));
        assertThat(p.skippedEntries()).isZero();
      }
    }
  }

  @Test
  void namesAreUtf8WhenFlaggedElseTheFallbackCharsetAndTheUnicodePathFieldWins() throws Exception {
    HandZip z = new HandZip();
    z.stored("grüße/名前.txt", new byte[] {1}).flags = 0x800;
    byte[] cp437 = {'m', (byte) 0x81, 'n', 'c', 'h', 'e', 'n'}; // "münchen" in CP437
    z.add(cp437, new byte[] {2}, 0, new byte[] {2}, 1);
    byte[] legacy = {'o', 'l', 'd', (byte) 0xE9};
    z.add(legacy, new byte[] {3}, 0, new byte[] {3}, 1).centralExtra = HandZip.unicodePath(legacy, "olé-ünïcode");
    byte[] stale = {'s', 't', 'a', 'l', 'e'};
    z.add(stale, new byte[] {4}, 0, new byte[] {4}, 1).centralExtra =
        HandZip.unicodePath("other".getBytes(StandardCharsets.US_ASCII), "not-this");
    Path zip = z.write(tmp.resolve("names.zip"));
    try (ZipProvider p = ZipProvider.open(zip); Driver d = Driver.of(p)) {
      assertThat(Entry.names(d.list(""))).containsExactlyInAnyOrder("grüße", "m\u00fcnchen", "olé-ünïcode", "stale");
      assertThat(Entry.names(d.list("grüße"))).containsExactly("名前.txt");
      assertThat(d.read("m\u00fcnchen", 0, 10)).containsExactly(2);
      assertThat(d.read("olé-ünïcode", 0, 10)).containsExactly(3);
    }
    ZipOptions latin1 = ZipOptions.defaults().withFallbackCharset(StandardCharsets.ISO_8859_1);
    try (ZipProvider p = ZipProvider.open(zip, latin1); Driver d = Driver.of(p)) {
      assertThat(Entry.names(d.list(""))).contains("m\u0081nchen", "olé-ünïcode");
    }
    ZipOptions cp866 = ZipOptions.defaults().withFallbackCharset(Charset.forName("CP866"));
    try (ZipProvider p = ZipProvider.open(zip, cp866); Driver d = Driver.of(p)) {
      assertThat(Entry.names(d.list(""))).contains("m\u0411nchen");
    }
  }

  @Test
  void timesComeFromTheExtendedTimestampElseTheDosTime() throws Exception {
    Instant mtime = Instant.parse("2021-03-04T05:06:07Z");
    Path zip = tmp.resolve("times.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      ZipEntry e = new ZipEntry("stamped");
      e.setLastModifiedTime(FileTime.from(mtime));
      out.putNextEntry(e);
      out.write(1);
      out.closeEntry();
    }
    try (ZipProvider p = ZipProvider.open(zip); Driver d = Driver.of(p)) {
      assertThat(d.lookup("stamped").lastWriteTime()).isEqualTo(mtime);
    }
    HandZip z = new HandZip();
    z.stored("dos", new byte[] {1}); // 2024-06-15 12:00:00 local time
    z.stored("ext", new byte[] {1}).centralExtra = HandZip.timestamp(1_000_000_000L);
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("t2.zip"))); Driver d = Driver.of(p)) {
      Instant dos = LocalDateTime.of(2024, 6, 15, 12, 0).atZone(ZoneId.systemDefault()).toInstant();
      assertThat(d.lookup("dos").lastWriteTime()).isEqualTo(dos);
      assertThat(d.lookup("ext").lastWriteTime()).isEqualTo(Instant.ofEpochSecond(1_000_000_000L));
      assertThat(d.lookup("ext").changeTime()).isEqualTo(Instant.ofEpochSecond(1_000_000_000L));
    }
  }

  @Test
  void unixModesAndSymlinksComeFromTheExternalAttributes() throws Exception {
    HandZip z = new HandZip();
    z.stored("run.sh", "#!/bin/sh\n".getBytes(StandardCharsets.US_ASCII)).unix(0100755);
    z.stored("secret", new byte[] {1}).unix(0100600);
    z.deflated("link", "run.sh".getBytes(StandardCharsets.US_ASCII)).unix(0120777);
    z.stored("dir/", new byte[0]).unix(040750);
    z.stored("dos.txt", new byte[] {1});
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("unix.zip"))); Driver d = Driver.of(p)) {
      assertThat(d.lookup("run.sh").mode()).isEqualTo(0755);
      assertThat(d.lookup("secret").mode()).isEqualTo(0600);
      assertThat(d.lookup("dir").mode()).isEqualTo(0750);
      assertThat(d.lookup("dir").isDirectory()).isTrue();
      assertThat(d.lookup("dos.txt").mode()).isEqualTo(0444);
      PlaceholderInfo link = d.lookup("link");
      assertThat(link.isSymlink()).isTrue();
      assertThat(link.symlinkTarget()).isEqualTo("run.sh");
    }
  }

  @Test
  void prependedDataShiftsEveryOffset() throws Exception {
    HandZip z = new HandZip();
    z.prefix = "#!/bin/sh\necho self-extracting stub\nexit 0\n".getBytes(StandardCharsets.US_ASCII);
    z.deflated("inside.txt", "payload".repeat(100).getBytes(StandardCharsets.US_ASCII));
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("sfx.zip"))); Driver d = Driver.of(p)) {
      assertThat(new String(d.readAll("inside.txt", 512), StandardCharsets.US_ASCII))
          .isEqualTo("payload".repeat(100));
    }
  }

  static void put(ZipOutputStream out, String name, byte[] data, int method) throws Exception {
    ZipEntry e = new ZipEntry(name);
    e.setMethod(method);
    if (method == ZipEntry.STORED) {
      CRC32 crc = new CRC32();
      crc.update(data);
      e.setSize(data.length);
      e.setCompressedSize(data.length);
      e.setCrc(crc.getValue());
    }
    out.putNextEntry(e);
    out.write(data);
    out.closeEntry();
  }
}
