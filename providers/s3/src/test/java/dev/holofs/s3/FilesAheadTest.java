package dev.holofs.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.holofs.testkit.Driver;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A reader going through a directory's small files in order gets the next ones fetched ahead of
 * it, each once and with the right bytes; reading files singly fetches nothing more. Requests are
 * counted by a proxy in front of a real S3 server.
 */
class FilesAheadTest {

  static final String BUCKET = "ahead";
  static final int FILES = 20;
  static final int BIG = 5; // f05 is past FilesAhead.SMALL: never fetched whole
  static final int READ = 128 << 10;
  private static final Map<String, byte[]> OBJECTS = new LinkedHashMap<>();
  private static CountedBucket bucket;

  @BeforeAll
  static void fill() throws Exception {
    Random random = new Random(11);
    for (int i = 0; i < FILES; i++) {
      byte[] bytes = new byte[i == BIG ? (int) FilesAhead.SMALL + 1000 : (i + 1) * 100];
      random.nextBytes(bytes);
      OBJECTS.put(name(i), bytes);
    }
    Map<String, byte[]> objects = new LinkedHashMap<>();
    OBJECTS.forEach((name, bytes) -> objects.put("small/" + name, bytes));
    objects.put("small/sub/x", new byte[1]);
    bucket = CountedBucket.of(BUCKET, objects);
  }

  @AfterAll
  static void stop() throws Exception {
    bucket.close();
  }

  private static String name(int i) {
    return String.format("f%02d", i);
  }

  private static long gets(String name) {
    return bucket.requests().stream().filter(l -> l.startsWith("GET /" + BUCKET + "/small/" + name + " ")).count();
  }

  @Test
  void aReaderGoingThroughTheFilesFindsTheNextOnesFetchedOnceEach() throws Exception {
    try (S3Provider provider = bucket.provider(); Driver driver = Driver.of(provider)) {
      assertThat(driver.list("small")).hasSize(FILES + 1);
      bucket.forget();
      assertThat(driver.read("small/f00", 0, READ)).isEqualTo(OBJECTS.get("f00"));
      assertThat(driver.read("small/f01", 0, READ)).isEqualTo(OBJECTS.get("f01"));
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        for (int i = 2; i < 2 + FilesAhead.AHEAD; i++) {
          if (i != BIG) {
            assertThat(gets(name(i))).as("%s asked ahead", name(i)).isEqualTo(1);
          }
        }
      });
      assertThat(gets(name(BIG))).as("a file too big to fetch whole").isZero();
      for (int i = 2; i < FILES; i++) {
        assertThat(driver.readAll("small/" + name(i), READ)).as(name(i)).isEqualTo(OBJECTS.get(name(i)));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> provider.requestsInFlight() == 0);
      for (int i = 0; i < FILES; i++) {
        if (i != BIG) {
          assertThat(gets(name(i))).as("%s fetched once", name(i)).isEqualTo(1);
        }
      }
    }
  }

  @Test
  void readingFilesSinglyFetchesNothingMore() throws Exception {
    try (S3Provider provider = bucket.provider(); Driver driver = Driver.of(provider)) {
      assertThat(driver.list("small")).hasSize(FILES + 1);
      bucket.forget();
      assertThat(driver.read("small/f03", 0, READ)).isEqualTo(OBJECTS.get("f03"));
      assertThat(driver.read("small/f08", 0, READ)).isEqualTo(OBJECTS.get("f08"));
      assertThat(driver.read("small/f07", 0, READ)).isEqualTo(OBJECTS.get("f07"));
      await().atMost(Duration.ofSeconds(30)).until(() -> provider.requestsInFlight() == 0);
      assertThat(bucket.requests()).as("the three reads alone").hasSize(3);
    }
  }
}
