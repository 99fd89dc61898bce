package dev.holofs.zip;

import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.testkit.Driver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The fuzzer {@link ZipFuzzTest} runs in a JVM of its own (so that its heap bound is the one it
 * states): random mutations of a few seed archives, confined to their central directory records,
 * local headers and end records, each opened, walked and read. The only outcomes allowed are a
 * clean refusal at open (an IOException with one printable line) and IOExceptions from single
 * requests; anything else, or a case running past its deadline, ends the run with status 1 (3
 * for a hang) and the case to replay. Arguments: seed, cases, scratch directory.
 */
public final class ZipFuzz {

  /** A case taking longer than this is a hang. */
  static final long CASE_DEADLINE_MILLIS = 60_000;
  /** Bytes read from each file of a case at most (a mutated size may claim 4 GiB). */
  private static final int READ_BUDGET = 1 << 20;

  private ZipFuzz() {}

  public static void main(String[] args) throws Exception {
    long seed = Long.parseLong(args[0]);
    int cases = Integer.parseInt(args[1]);
    Path dir = Path.of(args[2]);
    List<byte[]> seeds = seeds(dir);
    AtomicLong caseStarted = new AtomicLong(System.nanoTime());
    int[] current = {-1};
    Thread watchdog = new Thread(() -> {
      while (true) {
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
        if (System.nanoTime() - caseStarted.get() > CASE_DEADLINE_MILLIS * 1_000_000) {
          System.out.println("HANG in case " + current[0] + " (seed " + seed + ")");
          System.out.flush();
          Runtime.getRuntime().halt(3);
        }
      }
    }, "fuzz-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    int refused = 0;
    int served = 0;
    long failedRequests = 0;
    Random random = new Random(seed);
    Path file = dir.resolve("case.zip");
    for (int i = 0; i < cases; i++) {
      current[0] = i;
      caseStarted.set(System.nanoTime());
      byte[] original = seeds.get(random.nextInt(seeds.size()));
      byte[] mutated = mutate(original, random);
      Files.write(file, mutated);
      try {
        long failed = exercise(file);
        if (failed < 0) {
          refused++;
        } else {
          served++;
          failedRequests += failed;
        }
      } catch (Throwable t) {
        System.out.println("FAILED case " + i + " (seed " + seed + "): " + t);
        t.printStackTrace(System.out);
        Files.write(dir.resolve("failed-case-" + i + ".zip"), mutated);
        System.out.flush();
        System.exit(1);
      }
    }
    System.out.println("OK " + cases + " cases: " + refused + " refused at open, " + served
        + " served with " + failedRequests + " failed requests");
  }

  /**
   * Opens, walks and reads {@code file}; returns -1 if it was refused at open, else how many
   * requests failed with an IOException. Anything else thrown is a defect.
   */
  private static long exercise(Path file) throws Exception {
    ZipProvider provider;
    try {
      provider = ZipProvider.open(file);
    } catch (IOException e) {
      String m = String.valueOf(e.getMessage());
      if (m.lines().count() != 1 || m.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw new AssertionError("refusal is not one printable line: " + m, e);
      }
      return -1;
    }
    long failed = 0;
    try (provider; Driver d = Driver.of(provider, 2, 4, dev.holofs.spi.Collation.BYTE_ORDER)
        .withTimeout(Duration.ofMillis(CASE_DEADLINE_MILLIS))) {
      Map<ProjectedPath, PlaceholderInfo> tree;
      try {
        tree = d.walk();
      } catch (IOException e) {
        return 1;
      }
      for (Map.Entry<ProjectedPath, PlaceholderInfo> e : tree.entrySet()) {
        PlaceholderInfo info = e.getValue();
        if (info.isDirectory() || info.symlinkTarget() != null) {
          continue;
        }
        long size = info.size();
        for (long offset : new long[] {0, Math.max(0, size - 70_000), size / 2}) {
          try {
            readFrom(d, e.getKey(), offset, (int) Math.min(READ_BUDGET, size - offset));
          } catch (IOException ex) {
            failed++;
          }
        }
      }
    }
    return failed;
  }

  private static void readFrom(Driver d, ProjectedPath path, long offset, int budget) throws IOException {
    for (long at = offset; at < offset + budget; ) {
      byte[] piece = d.read(path, at, 64 << 10);
      if (piece.length == 0) {
        return;
      }
      at += piece.length;
    }
  }

  /** A copy of {@code seed} with a few of its structure's bytes changed, or cut short. */
  static byte[] mutate(byte[] seed, Random r) {
    List<int[]> ranges = structure(seed);
    byte[] b = seed.clone();
    int mutations = 1 + r.nextInt(6);
    for (int m = 0; m < mutations; m++) {
      int[] range = ranges.get(r.nextInt(ranges.size()));
      int at = range[0] + r.nextInt(range[1] - range[0]);
      switch (r.nextInt(6)) {
        case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
        case 1 -> b[at] = (byte) r.nextInt(256);
        case 2 -> put(b, at, 2, new long[] {0, 1, 0x7FFF, 0xFFFF}[r.nextInt(4)]);
        case 3 -> put(b, at, 4, new long[] {0, 0xFFFFFFFFL, 0x7FFFFFFF, 46, r.nextInt(1 << 20)}[r.nextInt(5)]);
        case 4 -> put(b, at, 8, new long[] {0, -1, Long.MAX_VALUE, 1L << 40, r.nextInt(1 << 16)}[r.nextInt(5)]);
        default -> Arrays.fill(b, at, Math.min(b.length, at + 1 + r.nextInt(8)), (byte) 0);
      }
    }
    if (r.nextInt(20) == 0) {
      b = Arrays.copyOf(b, r.nextInt(b.length));
    }
    return b;
  }

  private static void put(byte[] b, int at, int width, long value) {
    for (int i = 0; i < width && at + i < b.length; i++) {
      b[at + i] = (byte) (value >>> (8 * i));
    }
  }

  /** The ranges of local headers (with names), central directory records and end records. */
  static List<int[]> structure(byte[] b) {
    List<int[]> ranges = new ArrayList<>();
    for (int i = 0; i + 4 <= b.length; i++) {
      if (b[i] != 'P' || b[i + 1] != 'K') {
        continue;
      }
      int kind = b[i + 2] << 8 | b[i + 3];
      int length = switch (kind) {
        case 0x0304 -> i + 30 <= b.length ? 30 + u16(b, i + 26) + u16(b, i + 28) : 0;
        case 0x0102 -> i + 46 <= b.length ? 46 + u16(b, i + 28) + u16(b, i + 30) + u16(b, i + 32) : 0;
        case 0x0506 -> 22;
        case 0x0606 -> 56;
        case 0x0607 -> 20;
        default -> 0;
      };
      if (length > 0) {
        ranges.add(new int[] {i, Math.min(b.length, i + length)});
      }
    }
    return ranges;
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }

  /** Three small archives of the shapes users have, with what the format allows in them. */
  static List<byte[]> seeds(Path dir) throws IOException {
    List<byte[]> seeds = new ArrayList<>();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      Random r = new Random(1);
      for (int i = 0; i < 12; i++) {
        ZipEntry e = new ZipEntry("src/pkg" + i % 3 + "/File" + i + ".java");
        e.setLastModifiedTime(FileTime.fromMillis(1_700_000_000_000L + i * 1000L));
        if (i % 4 == 0) {
          byte[] data = new byte[200 + r.nextInt(3000)];
          r.nextBytes(data);
          e.setMethod(ZipEntry.STORED);
          e.setSize(data.length);
          java.util.zip.CRC32 crc = new java.util.zip.CRC32();
          crc.update(data);
          e.setCrc(crc.getValue());
          out.putNextEntry(e);
          out.write(data);
        } else {
          out.putNextEntry(e);
          out.write(("class File" + i + " {}\n").repeat(50 + i * 40).getBytes(StandardCharsets.UTF_8));
        }
        out.closeEntry();
      }
      out.putNextEntry(new ZipEntry("empty-dir/"));
      out.closeEntry();
    }
    seeds.add(bytes.toByteArray());

    HandZip z64 = new HandZip();
    z64.zip64End = true;
    z64.stored("a.txt", "alpha".getBytes(StandardCharsets.US_ASCII)).zip64 = true;
    z64.deflated("big/b.txt", "beta ".repeat(30_000).getBytes(StandardCharsets.US_ASCII)).zip64 = true;
    HandZip.Entry unicode = z64.stored("caf\u00e9.txt", "latte".getBytes(StandardCharsets.UTF_8));
    unicode.centralExtra = HandZip.unicodePath(unicode.name, "caf\u00e9-\u00fcber.txt");
    z64.stored("link", "a.txt".getBytes(StandardCharsets.US_ASCII)).unix(0120777);
    z64.stored("x/", new byte[0]).unix(040755);
    seeds.add(Files.readAllBytes(z64.write(dir.resolve("seed-zip64.zip"))));

    HandZip sfx = new HandZip();
    sfx.prefix = "#!/bin/sh\necho self-extracting stub\nexit 0\n".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 6; i++) {
      sfx.deflated("photos/2024/" + i + "/img.jpg", ("jpeg" + i).repeat(2000).getBytes(StandardCharsets.US_ASCII))
          .centralExtra = HandZip.timestamp(1_700_000_000L + i);
    }
    sfx.stored("photos/empty", new byte[0]);
    seeds.add(Files.readAllBytes(sfx.write(dir.resolve("seed-sfx.zip"))));
    return seeds;
  }
}
