package dev.holofs.zip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the central directory and local headers ({@link ZipFuzz}) in a JVM whose heap is
 * {@value #HEAP}: every case ends in a clean refusal or in requests failing with an IOException
 * (EIO), none hangs, and mutated sizes and counts never make holofs allocate past that heap.
 * CI runs {@value #CASES} cases from a fixed seed; {@code -Dholofs.fuzz.cases=N} and {@code
 * -Dholofs.fuzz.seed=S} run a longer or another campaign.
 */
class ZipFuzzTest {

  static final String HEAP = "128m";
  static final int CASES = 3000;

  @TempDir
  Path dir;

  @Test
  void mutatedArchivesAreRefusedCleanlyOrFailOnlyTheirRequests() throws Exception {
    int cases = Integer.getInteger("holofs.fuzz.cases", CASES);
    long seed = Long.getLong("holofs.fuzz.seed", 20261204L);
    Path out = dir.resolve("fuzz.out");
    Process fuzz = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + HEAP,
        "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
        "-cp", System.getProperty("java.class.path"), ZipFuzz.class.getName(),
        Long.toString(seed), Integer.toString(cases), dir.toString())
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    // Generous: ~3,000 cases take seconds; the fuzzer's own watchdog reports a hung case.
    long minutes = 5 + cases / 1000;
    if (!fuzz.waitFor(minutes, TimeUnit.MINUTES)) {
      fuzz.destroyForcibly();
      throw new AssertionError("the fuzz run did not end within " + minutes + " minutes");
    }
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(fuzz.exitValue()).as("fuzz run status (3: a hung case, 1: a defect); output:\n%s",
        String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()))).isZero();
    String summary = lines.get(lines.size() - 1);
    System.out.println("zip fuzz, seed " + seed + ": " + summary);
    assertThat(summary).startsWith("OK " + cases + " cases: ");
    // Both outcomes are exercised, or the mutations test nothing.
    assertThat(summary).doesNotContain(": 0 refused").doesNotContain(", 0 served");
  }
}
