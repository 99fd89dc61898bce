package dev.holofs.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.holofs.spi.OpeningProvider;
import dev.holofs.testkit.Driver;
import dev.holofs.testkit.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An S3 provider opened in the background (its client built and its bucket listed while a mount is
 * made; the waiting rule itself is core's OpeningProviderTest): the check costs no request of its
 * own, its failures are one line, closing it while it opens aborts its listing, and closing ends
 * the client's threads.
 */
class OpenInBackgroundTest {

  static final String BUCKET = "background";
  static S3Proxy s3;

  @BeforeAll
  static void bucket() throws Exception {
    s3 = S3Proxy.get();
    s3.createBucket(BUCKET);
    s3.put(BUCKET, "a/one.txt", "one".getBytes());
  }

  @Test
  void theBucketIsCheckedWithTheRootsFirstPageWhichAFreshListingTakes() throws Exception {
    try (FaultProxy proxy = new FaultProxy(s3.endpoint());
        S3Provider provider = S3Provider.open(s3.options(BUCKET, "").withEndpoint(proxy.endpoint()),
            Duration.ofMinutes(10));
        Driver driver = Driver.of(provider)) {
      assertThat(Entry.names(driver.list(""))).containsExactly("a");
      await().atMost(Duration.ofSeconds(30)).until(() -> provider.requestsInFlight() == 0);
      assertThat(proxy.requests()).as("the check's page listed the root").hasSize(1);
      // A page older than its window is not taken.
      try (S3Provider later = S3Provider.open(s3.options(BUCKET, "").withEndpoint(proxy.endpoint()),
              Duration.ZERO);
          Driver again = Driver.of(later)) {
        assertThat(Entry.names(again.list(""))).containsExactly("a");
        await().atMost(Duration.ofSeconds(30)).until(() -> later.requestsInFlight() == 0);
        assertThat(proxy.requests()).as("listed anew").hasSize(3);
      }
    }
  }

  @Test
  void closingTheOpeningAbortsItsListing() throws Exception {
    try (FaultProxy proxy = new FaultProxy(s3.endpoint())) {
      proxy.rule(line -> FaultProxy.Fault.STALL);
      // A request timeout far beyond the waits below: only the close can abort the stalled LIST.
      OpeningProvider<S3Provider> opening = S3Provider.openInBackground(s3.options(BUCKET, "")
          .withEndpoint(proxy.endpoint()).withRequestTimeout(Duration.ofSeconds(120)));
      await().atMost(Duration.ofSeconds(30)).until(() -> !proxy.requests().isEmpty());
      opening.close();
      await().atMost(Duration.ofSeconds(30)).until(() -> proxy.aborted() == 1);
      assertThatThrownBy(opening::awaitOpened).isInstanceOf(IOException.class)
          .hasMessage("s3://background: closed while it was being opened");
    }
  }

  @Test
  void awaitOpenedSaysWhyTheBucketCouldNotBeListed() {
    assertThatThrownBy(() -> S3Provider.open(s3.options("no-such-bucket", "")))
        .isInstanceOf(IOException.class).hasMessage("s3://no-such-bucket: no such bucket");
  }

  @Test
  void closingTheProviderEndsItsEventLoopThreads() throws Exception {
    Set<Long> before = ioThreads();
    S3Provider provider = S3Provider.open(s3.options(BUCKET, ""));
    // This provider's threads only: another test's provider may still be ending its own.
    Set<Long> ours = ioThreads();
    ours.removeAll(before);
    assertThat(ours).isNotEmpty();
    provider.close();
    // Its event loop group is ours, not the SDK's: closing the client alone would leave it running.
    await().atMost(Duration.ofSeconds(30)).until(() -> Collections.disjoint(ioThreads(), ours));
  }

  /** The ids of the live event loop threads of every S3 client in this JVM. */
  private static Set<Long> ioThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("holofs-s3-io"))
        .map(Thread::getId).collect(Collectors.toCollection(HashSet::new));
  }

  @Test
  void aClientThatCannotBeBuiltLeavesNoEventLoopOpen() throws Exception {
    // Each event loop holds a selector (an epoll and a wakeup descriptor): a group left behind by
    // each failed build would add several descriptors, 50 builds far more than the margin here.
    long before = openFiles();
    S3Options badRegion = s3.options(BUCKET, "").withRegion(""); // Region.of refuses it
    for (int i = 0; i < 50; i++) {
      assertThatThrownBy(() -> Clients.create(badRegion)).isInstanceOf(RuntimeException.class);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> openFiles() < before + 50);
  }

  private static long openFiles() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  @Test
  void aBadProfileIsOneLine() {
    assertThatThrownBy(() -> S3Provider.open(S3Options.of(BUCKET, "")
            .withEndpoint(s3.endpoint()).withPathStyle(true).withRegion("us-east-1")
            .withProfile("holofs-no-such-profile")))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("s3://background: ").message().doesNotContain("\n");
  }
}
