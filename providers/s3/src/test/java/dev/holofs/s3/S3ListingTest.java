package dev.holofs.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.holofs.spi.Collation;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.testkit.Driver;
import dev.holofs.testkit.Entry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Listings against a real S3 server, counted by a proxy: 10,000 keys through small buffers in
 * one page walk, page boundaries, implied directories and markers.
 */
class S3ListingTest {

  static final String BUCKET = "listing";
  static final int MANY = 10_000;
  private static S3Proxy s3;
  private static FaultProxy proxy;

  @BeforeAll
  static void fill() throws Exception {
    s3 = S3Proxy.get();
    s3.createBucket(BUCKET);
    Map<String, byte[]> objects = new LinkedHashMap<>();
    for (int i = 0; i < MANY; i++) {
      objects.put(String.format("many/k%05d", i), new byte[i % 7]);
    }
    // S3Proxy keeps objects as files, so it cannot hold an object and a prefix of the same name
    // ("a" and "a/b"), nor "a//b": DirectoryListingTest covers those on modelled pages.
    for (String key : List.of("rules/a-b", "rules/a.txt", "rules/a/inner", "rules/a b",
        "rules/b/c/d", "rules/b!", "rules/marker/", "rules/marker.txt",
        "rules/" + "é".repeat(127) + "x", "rules/ünï/ok")) {
      objects.put(key, key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    s3.putAll(BUCKET, objects);
    proxy = new FaultProxy(s3.endpoint());
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
  }

  private S3Provider provider(int pageSize) throws Exception {
    return S3Provider.open(s3.options(BUCKET, "").withEndpoint(proxy.endpoint()).withPageSize(pageSize));
  }

  private long count(String what) {
    return proxy.requests().stream().filter(l -> l.contains(what)).count();
  }

  @Test
  void tenThousandKeysThroughSmallBuffersCostTenPagesAndNoHead() throws Exception {
    try (S3Provider provider = provider(1000); Driver driver = Driver.of(provider)) {
      proxy.requests().clear();
      List<Entry> entries = driver.list("many", null, 37);
      assertThat(entries).hasSize(MANY);
      assertThat(Entry.names(entries)).isSorted()
          .containsExactlyElementsOf(IntStream.range(0, MANY).mapToObj(i -> String.format("k%05d", i)).toList());
      assertThat(entries.get(13).info().size()).isEqualTo(13 % 7);
      assertThat(count("list-type=2")).as("ListObjectsV2 pages").isEqualTo(MANY / 1000);
      for (int i = 0; i < MANY; i += 97) {
        assertThat(driver.lookup(String.format("many/k%05d", i)).size()).isEqualTo(i % 7);
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> provider.requestsInFlight() == 0);
      assertThat(proxy.requests()).as("requests after the listing")
          .noneMatch(l -> l.startsWith("HEAD ")).hasSize(MANY / 1000);
    }
  }

  @Test
  void pageBoundariesNeverReorderOrLoseNames() throws Exception {
    List<String> expected = List.of("a", "a b", "a-b", "a.txt", "b", "b!", "marker", "marker.txt",
        "é".repeat(127) + "x", "ünï");
    for (int pageSize : new int[] {1, 2, 3, 5, 1000}) {
      try (S3Provider provider = provider(pageSize); Driver driver = Driver.of(provider)) {
        for (int buffer : new int[] {1, 2, 4, 100}) {
          assertThat(Entry.names(driver.list("rules", null, buffer)))
              .as("pages of %d, buffers of %d", pageSize, buffer).containsExactlyElementsOf(expected);
        }
      }
    }
  }

  @Test
  void implicitDirectoriesShadowObjectsAndBadNamesAreSkipped() throws Exception {
    try (S3Provider provider = provider(2); Driver driver = Driver.of(provider)) {
      Map<String, PlaceholderInfo> byName = new LinkedHashMap<>();
      driver.list("rules").forEach(e -> byName.put(e.name(), e.info()));
      assertThat(byName.get("a").isDirectory()).as("a: a prefix").isTrue();
      assertThat(byName.get("marker").isDirectory()).isTrue();
      assertThat(byName.get("a.txt").isFile()).isTrue();
      assertThat(byName.get("a.txt").size()).isEqualTo("rules/a.txt".length());
      assertThat(driver.list("rules/marker")).as("an empty directory marker").isEmpty();
      assertThat(Entry.names(driver.list("rules/a"))).containsExactly("inner");
      assertThat(Entry.names(driver.list("rules/b/c"))).containsExactly("d");
      assertThat(driver.stat("rules/b/c").isDirectory()).isTrue();
      // a fresh provider: the lookup is not answered by a listing
      try (S3Provider fresh = provider(1000); Driver other = Driver.of(fresh)) {
        assertThat(other.stat("rules/a").isDirectory()).isTrue();
        assertThat(other.stat("rules/a-b").isFile()).isTrue();
        assertThat(other.lookup("rules/nothing")).isNull();
      }
    }
  }

  @Test
  void windowsOrderListsTheWholeDirectoryCaseInsensitively() throws Exception {
    try (S3Provider provider = provider(3);
        Driver driver = Driver.of(provider, 2, 4, Collation.WINDOWS)) {
      List<String> names = new ArrayList<>(Entry.names(driver.list("rules", null, 2)));
      assertThat(names).isSortedAccordingTo(Collation.WINDOWS).hasSize(10);
    }
  }
}
