package dev.holofs.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holofs.testkit.Driver;
import dev.holofs.testkit.Entry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ZIP64: more than 65,535 entries, saturated end records, and an entry and offsets past 4 GiB. */
class Zip64Test {

  @TempDir Path tmp;

  @Test
  void moreThan65535EntriesAreAllListed() throws Exception {
    Path zip = tmp.resolve("many.zip");
    int dirs = 100;
    int per = 701;
    try (ZipOutputStream out = new ZipOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(zip)))) {
      out.setLevel(1);
      for (int d = 0; d < dirs; d++) {
        for (int f = 0; f < per; f++) {
          out.putNextEntry(new ZipEntry("d" + d + "/f" + f));
          out.write(("" + d + "/" + f).getBytes(StandardCharsets.US_ASCII));
          out.closeEntry();
        }
      }
    }
    try (ZipProvider p = ZipProvider.open(zip); Driver d = Driver.of(p)) {
      assertThat(d.list("")).hasSize(dirs);
      int total = 0;
      for (String dir : Entry.names(d.list(""))) {
        total += d.list(dir).size();
      }
      assertThat(total).isEqualTo(dirs * per).isGreaterThan(65_535);
      assertThat(new String(d.read("d99/f700", 0, 100), StandardCharsets.US_ASCII)).isEqualTo("99/700");
    }
  }

  @Test
  void zip64RecordsAndExtraFieldsAreFollowed() throws Exception {
    HandZip z = new HandZip();
    z.zip64End = true;
    z.saturateEnd = true;
    z.stored("a.txt", "alpha".getBytes(StandardCharsets.US_ASCII)).zip64 = true;
    z.deflated("b.txt", "beta".repeat(500).getBytes(StandardCharsets.US_ASCII)).zip64 = true;
    z.stored("c.txt", "gamma".getBytes(StandardCharsets.US_ASCII));
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("z64.zip"))); Driver d = Driver.of(p)) {
      assertThat(Entry.names(d.list(""))).containsExactly("a.txt", "b.txt", "c.txt");
      assertThat(d.read("a.txt", 0, 100)).isEqualTo("alpha".getBytes(StandardCharsets.US_ASCII));
      assertThat(d.readAll("b.txt", 300)).isEqualTo("beta".repeat(500).getBytes(StandardCharsets.US_ASCII));
      assertThat(d.read("c.txt", 0, 100)).isEqualTo("gamma".getBytes(StandardCharsets.US_ASCII));
    }
  }

  @Test
  void aMissingZip64ValueOrRecordIsDamage() throws Exception {
    HandZip z = new HandZip();
    HandZip.Entry e = z.stored("a", new byte[] {1});
    e.zip64 = true;
    e.centralExtra = new byte[0];
    Path good = z.write(tmp.resolve("ok.zip"));
    byte[] b = Files.readAllBytes(good);
    // Shorten the ZIP64 extra field's declared length from 24 to 16: the sizes remain, the offset is gone.
    int cen = b.length - 22 - (46 + 1 + 28);
    assertThat(b[cen]).isEqualTo((byte) 'P');
    b[cen + 46 + 1 + 2] = 16;
    assertThatThrownBy(() -> ZipProvider.open(Files.write(tmp.resolve("bad.zip"), b)))
        .hasMessageContaining("damaged central directory at offset " + cen)
        .hasMessageContaining("ZIP64 extra field lacks the local header offset");

    HandZip y = new HandZip();
    y.zip64End = true;
    y.stored("x", new byte[] {1});
    byte[] c = Files.readAllBytes(y.write(tmp.resolve("y.zip")));
    int loc = c.length - 22 - 20;
    c[loc + 8] = 0x7F; // the locator points past the file
    assertThatThrownBy(() -> ZipProvider.open(Files.write(tmp.resolve("badloc.zip"), c)))
        .hasMessageContaining("damaged ZIP64 end of central directory locator");
  }

  /** A 5 GiB stored entry written as a sparse hole: offsets and sizes past 4 GiB, no disk used. */
  @Test
  void entriesAndOffsetsPast4GiB() throws Exception {
    long hole = 5L << 30;
    HandZip z = new HandZip();
    z.zip64End = true;
    HandZip.Entry big = z.add("big.bin".getBytes(StandardCharsets.US_ASCII), new byte[0], 0,
        "END!".getBytes(StandardCharsets.US_ASCII), hole + 4);
    big.hole = hole;
    big.zip64 = true;
    z.stored("after.txt", "after the hole".getBytes(StandardCharsets.US_ASCII)).zip64 = true;
    Path file = z.write(tmp.resolve("sparse.zip"));
    assertThat(Files.size(file)).isGreaterThan(hole);
    try (ZipProvider p = ZipProvider.open(file); Driver d = Driver.of(p)) {
      assertThat(d.lookup("big.bin").size()).isEqualTo(hole + 4);
      assertThat(d.read("big.bin", hole - 4, 100))
          .isEqualTo(new byte[] {0, 0, 0, 0, 'E', 'N', 'D', '!'});
      assertThat(d.read("big.bin", 1L << 32, 16)).isEqualTo(new byte[16]);
      assertThat(d.read("after.txt", 0, 100)).isEqualTo("after the hole".getBytes(StandardCharsets.US_ASCII));
    } finally {
      Files.delete(file);
    }
  }
}
