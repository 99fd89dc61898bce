package dev.holofs.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.holofs.Mount;
import dev.holofs.Projection;
import dev.holofs.testkit.Driver;
import dev.holofs.testkit.KernelTests;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged stored entries are not served as if they were fine: the CRC-32 is checked once reads
 * have covered an entry, in any order; local headers that disagree with the central directory
 * are refused.
 */
class EntryIntegrityTest {

  private static final int SIZE = 300_000;
  private static final int CHUNK = 64 << 10;

  @TempDir Path tmp;

  private static byte[] content(long seed) {
    byte[] b = new byte[SIZE];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** An archive with a good stored entry "good", and "bad" damaged by {@code damage}. */
  private Path archive(java.util.function.Consumer<HandZip.Entry> damage) throws IOException {
    HandZip z = new HandZip();
    z.stored("good", content(1));
    damage.accept(z.stored("bad", content(2)));
    return z.write(tmp.resolve("damaged.zip"));
  }

  @Test
  void aFlippedDataByteFailsTheReadThatCompletesTheEntryAndEveryLaterOne() throws Exception {
    Path zip = archive(e -> e.data[SIZE - 10] ^= 1);
    try (ZipProvider p = ZipProvider.open(zip); Driver d = Driver.of(p)) {
      for (int at = 0; at + CHUNK < SIZE; at += CHUNK) {
        assertThat(d.read("bad", at, CHUNK)).hasSize(CHUNK); // not whole yet: cannot be checked
      }
      int last = SIZE / CHUNK * CHUNK;
      assertThat(catchThrowable(() -> d.read("bad", last, CHUNK)))
          .isInstanceOf(IOException.class).hasMessageContaining("CRC mismatch");
      assertThat(catchThrowable(() -> d.read("bad", 0, 100))).hasMessageContaining("CRC mismatch");
      Bytes.same(d.readAll("good", CHUNK), content(1));
    }
  }

  @Test
  void aDamagedCrcFieldFailsAReaderCoveringTheEntryOutOfOrder() throws Exception {
    Path zip = archive(e -> e.crc ^= 0x100);
    try (ZipProvider p = ZipProvider.open(zip); Driver d = Driver.of(p)) {
      List<Integer> starts = new ArrayList<>();
      for (int at = 0; at < SIZE; at += 10_000) {
        starts.add(at);
      }
      Collections.shuffle(starts, new Random(3));
      int failures = 0;
      for (int i = 0; i < starts.size(); i++) {
        int at = starts.get(i);
        Throwable t = catchThrowable(() -> d.read("bad", at, 15_000)); // overlapping reads
        if (i < starts.size() - 1 && t == null) {
          continue;
        }
        assertThat(t).as("read %d of %d", i, starts.size()).hasMessageContaining("CRC mismatch");
        failures++;
      }
      assertThat(failures).isEqualTo(1); // the last read completed the entry
    }
  }

  @Test
  void aDeflatedEntryWithADamagedCrcFailsOnceInflatedWholeAndForGood() throws Exception {
    HandZip z = new HandZip();
    byte[] text = DeflatedReadTest.content(SIZE * 4, 9);
    z.deflated("text", text).crc ^= 1;
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("deflated.zip"))); Driver d = Driver.of(p)) {
      Throwable failure = null;
      for (int at = 0; at < text.length && failure == null; at += CHUNK) {
        int offset = at;
        failure = catchThrowable(() -> d.read("text", offset, CHUNK));
      }
      assertThat(failure).isInstanceOf(IOException.class).hasMessageContaining("CRC mismatch");
      assertThat(catchThrowable(() -> d.read("text", 0, 100))).hasMessageContaining("CRC mismatch");
    }
  }

  @Test
  void goodEntriesReadInAnyOrderAreServed() throws Exception {
    Path zip = archive(e -> { });
    try (ZipProvider p = ZipProvider.open(zip); Driver d = Driver.of(p)) {
      Random r = new Random(4);
      for (int i = 0; i < 300; i++) {
        int at = r.nextInt(SIZE);
        assertThat(d.read("good", at, 1 + r.nextInt(20_000))).isNotEmpty();
      }
      Bytes.same(d.readAll("bad", CHUNK), content(2));
      Bytes.same(d.readAll("good", 4096), content(1));
    }
  }

  @Test
  void recordsPointingAtAnotherEntrysLocalHeaderAreRefused() throws Exception {
    HandZip z = new HandZip();
    z.stored("real", "the real bytes".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 2000; i++) {
      z.stored("alias" + i, "the real bytes".getBytes(StandardCharsets.UTF_8)).localHeaderOffset = 0L;
    }
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("aliases.zip"))); Driver d = Driver.of(p)) {
      assertThat(d.read("real", 0, 100)).asString().isEqualTo("the real bytes");
      for (int i = 0; i < 2000; i += 199) {
        String alias = "alias" + i;
        assertThat(catchThrowable(() -> d.read(alias, 0, 100))).isInstanceOf(IOException.class)
            .hasMessageContaining("local header disagrees with the central directory on its name");
      }
    }
  }

  @Test
  void namesLongerThanOneHeaderReadAreComparedWhole() throws Exception {
    HandZip z = new HandZip();
    String deep = "d".repeat(200) + "/" + "e".repeat(200) + "/file"; // past the first read
    z.stored(deep, "deep bytes".getBytes(StandardCharsets.UTF_8));
    // A record whose name differs from its local header's only past the first 256 bytes.
    HandZip.Entry twin = z.stored(deep.replace("/file", "/twin"), "twin".getBytes(StandardCharsets.UTF_8));
    twin.localHeaderOffset = 0L;
    z.stored("short", "short bytes".getBytes(StandardCharsets.UTF_8));
    try (ZipProvider p = ZipProvider.open(z.write(tmp.resolve("long.zip"))); Driver d = Driver.of(p)) {
      assertThat(d.read(deep, 0, 100)).asString().isEqualTo("deep bytes");
      assertThat(catchThrowable(() -> d.read(deep.replace("/file", "/twin"), 0, 100)))
          .hasMessageContaining("local header disagrees with the central directory on its name");
      assertThat(d.read("short", 0, 100)).asString().isEqualTo("short bytes"); // the last record
    }
  }

  @Test
  void aLocalHeaderWithAnotherMethodOrSizeIsRefused() throws Exception {
    HandZip z = new HandZip();
    z.stored("first", content(5)); // its local header starts the file
    z.stored("second", content(6));
    Path zip = z.write(tmp.resolve("local.zip"));
    byte[] bytes = Files.readAllBytes(zip);
    ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort(8, (short) 8);
    Path method = Files.write(tmp.resolve("method.zip"), bytes);
    bytes = Files.readAllBytes(zip);
    ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(22, SIZE - 1);
    Path size = Files.write(tmp.resolve("size.zip"), bytes);
    try (ZipProvider p = ZipProvider.open(method); Driver d = Driver.of(p)) {
      assertThat(catchThrowable(() -> d.read("first", 0, 10))).hasMessageContaining("on its method");
      Bytes.same(d.readAll("second", CHUNK), content(6));
    }
    try (ZipProvider p = ZipProvider.open(size); Driver d = Driver.of(p)) {
      assertThat(catchThrowable(() -> d.read("first", 0, 10))).hasMessageContaining("on its size");
    }
  }

  @Test
  void theKernelGetsEioForADamagedStoredEntry() throws Exception {
    KernelTests.requireFuse();
    Path zip = archive(e -> e.data[1234] ^= 0x40);
    Path mnt = Files.createDirectory(tmp.resolve("mnt"));
    try (ZipProvider provider = ZipProvider.open(zip);
        Mount mount = Projection.builder(provider).build().mount(mnt)) {
      assertThat(mount.mountpoint()).isEqualTo(mnt);
      assertThat(catchThrowable(() -> Files.readAllBytes(mnt.resolve("bad"))))
          .isInstanceOf(IOException.class).hasMessageContaining("Input/output error");
      Bytes.same(Files.readAllBytes(mnt.resolve("good")), content(1));
    }
  }

  @Test
  void combinedCrcsEqualTheCrcOfTheWhole() {
    byte[] b = content(7);
    Random r = new Random(8);
    for (int round = 0; round < 200; round++) {
      int size = 1 + r.nextInt(5000);
      CrcCoverage coverage = new CrcCoverage(size);
      boolean complete = false;
      while (!complete) {
        int at = r.nextInt(size);
        int length = 1 + r.nextInt(Math.min(700, size - at));
        complete = coverage.add(at, ByteBuffer.wrap(b, at, length));
      }
      CRC32 whole = new CRC32();
      whole.update(b, 0, size);
      assertThat(coverage.value()).isEqualTo(whole.getValue());
    }
  }
}
