package dev.holofs.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.holofs.testkit.Driver;
import dev.holofs.testkit.Entry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * A tree walk gets the first pages of the directories it is about to enter asked for ahead of it,
 * and each of them is listed once; listing a single directory costs no extra request. Requests
 * are counted by a proxy in front of a real S3 server.
 */
class WalkAheadTest {

  static final String BUCKET = "walk";
  static final int DIRS = 12;
  private static CountedBucket bucket;

  @BeforeAll
  static void fill() throws Exception {
    Map<String, byte[]> objects = new LinkedHashMap<>();
    for (int d = 0; d < DIRS; d++) {
      objects.put(String.format("tree/d%02d/sub/f", d), new byte[d]);
      objects.put(String.format("tree/d%02d/g", d), new byte[1]);
    }
    bucket = CountedBucket.of(BUCKET, objects);
  }

  @AfterAll
  static void stop() throws Exception {
    bucket.close();
  }

  /** ListObjectsV2 requests the proxy saw for exactly {@code prefix}. */
  private static long lists(String prefix) {
    Pattern asked = Pattern.compile("[?&]prefix="
        + Pattern.quote(URLEncoder.encode(prefix, StandardCharsets.UTF_8)) + "(&|\\s|$)");
    return bucket.requests().stream()
        .filter(l -> l.contains("list-type=2") && asked.matcher(l).find()).count();
  }

  private static long allLists() {
    return bucket.requests().stream().filter(l -> l.contains("list-type=2")).count();
  }

  @Test
  void aWalkFindsTheNextDirectoriesAskedForAndListsEachOnce() throws Exception {
    try (S3Provider provider = bucket.provider(); Driver driver = Driver.of(provider)) {
      bucket.forget();
      assertThat(driver.list("tree")).hasSize(DIRS);
      assertThat(Entry.names(driver.list("tree/d00"))).containsExactly("g", "sub");
      // Entering d00 after listing tree is a walk: the next siblings and d00's subdirectory are
      // asked for before anyone lists them.
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        for (int d = 1; d <= WalkAhead.AHEAD; d++) {
          assertThat(lists(String.format("tree/d%02d/", d))).as("d%02d asked ahead", d).isEqualTo(1);
        }
        assertThat(lists("tree/d00/sub/")).isEqualTo(1);
      });
      assertThat(lists(String.format("tree/d%02d/", WalkAhead.AHEAD + 1))).isZero();
      for (int d = 0; d < DIRS; d++) {
        String dir = String.format("tree/d%02d", d);
        if (d > 0) {
          assertThat(Entry.names(driver.list(dir))).containsExactly("g", "sub");
        }
        List<Entry> leaf = driver.list(dir + "/sub");
        assertThat(Entry.names(leaf)).containsExactly("f");
        assertThat(leaf.get(0).info().size()).isEqualTo(d);
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> provider.requestsInFlight() == 0);
      for (int d = 0; d < DIRS; d++) {
        assertThat(lists(String.format("tree/d%02d/", d))).as("d%02d listed once", d).isEqualTo(1);
        assertThat(lists(String.format("tree/d%02d/sub/", d))).as("d%02d/sub listed once", d).isEqualTo(1);
      }
      assertThat(allLists()).isEqualTo(1 + 2 * DIRS);
    }
  }

  @Test
  void listingOneDirectoryAsksForNothingElse() throws Exception {
    // The root's page the open checked the bucket with is never fresh enough to be taken.
    try (S3Provider provider = bucket.provider(Duration.ZERO); Driver driver = Driver.of(provider)) {
      bucket.forget();
      assertThat(driver.list("tree")).hasSize(DIRS);
      assertThat(driver.list("")).hasSize(1);
      assertThat(Entry.names(driver.list("tree/d03/sub"))).containsExactly("f");
      await().atMost(Duration.ofSeconds(30)).until(() -> provider.requestsInFlight() == 0);
      assertThat(allLists()).as("the three listings alone").isEqualTo(3);
    }
  }

  @Test
  void theOpeningPageIsDroppedOnceStaleThoughNoListingCame() {
    WalkAhead ahead = new WalkAhead((prefix, startAfter, token, maxKeys) ->
        CompletableFuture.completedFuture(ListObjectsV2Response.builder().prefix(prefix).build()),
        Duration.ZERO);
    ahead.openingPage("", 10).join();
    assertThat(ahead.keepsOpeningPage()).as("kept until it arrived").isTrue();
    ahead.openingArrived();
    await().atMost(Duration.ofSeconds(30)).until(() -> !ahead.keepsOpeningPage());
  }

  @Test
  void parentOfAPrefix() {
    assertThat(WalkAhead.parent("a/b/")).isEqualTo("a/");
    assertThat(WalkAhead.parent("a/")).isEmpty();
    assertThat(WalkAhead.parent("")).isNull();
  }
}
