package dev.holofs.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * A provider opened in the background (its client built while a mount is made): calls made before
 * the client is ready are sent once it is, a cancelled one never, and a client that could not be
 * built fails them with its reason.
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
  void callsMadeBeforeTheClientIsBuiltAreSentOnceItIs() throws Exception {
    try (FaultProxy proxy = new FaultProxy(s3.endpoint())) {
      CompletableFuture<S3AsyncClient> client = new CompletableFuture<>();
      try (Bucket bucket = new Bucket(client, BUCKET)) {
        CompletableFuture<ListObjectsV2Response> listed = bucket.list("a/", null, null, 10);
        CompletableFuture<ListObjectsV2Response> cancelled = bucket.list("b/", null, null, 10);
        assertThat(bucket.inFlight()).isEqualTo(2);
        assertThat(cancelled.cancel(true)).isTrue();

        client.complete(Clients.create(s3.options(BUCKET, "").withEndpoint(proxy.endpoint())));
        assertThat(listed.get(30, TimeUnit.SECONDS).contents())
            .extracting(o -> o.key()).containsExactly("a/one.txt");
        await().atMost(Duration.ofSeconds(30)).until(() -> bucket.inFlight() == 0);
        assertThat(proxy.requests()).as("the cancelled call was never sent")
            .hasSize(1).allMatch(line -> line.contains("prefix=a%2F"));
      }
    }
  }

  @Test
  void aClientThatCouldNotBeBuiltFailsTheCallsWithItsReason() {
    CompletableFuture<S3AsyncClient> client = new CompletableFuture<>();
    try (Bucket bucket = new Bucket(client, BUCKET)) {
      CompletableFuture<ListObjectsV2Response> listed = bucket.list("", null, null, 10);
      client.completeExceptionally(new IOException("s3://background: no such profile"));
      assertThatThrownBy(() -> listed.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .cause().hasMessage("s3://background: no such profile");
      assertThat(bucket.inFlight()).isZero();
    }
  }

  @Test
  void awaitOpenedSaysWhyTheBucketCouldNotBeListed() {
    S3Provider missing = S3Provider.openInBackground(s3.options("no-such-bucket", ""));
    try {
      assertThatThrownBy(missing::awaitOpened).isInstanceOf(IOException.class)
          .hasMessage("s3://no-such-bucket: no such bucket");
    } finally {
      missing.close();
    }
  }

  @Test
  void closingTheProviderEndsItsEventLoopThreads() throws Exception {
    Set<Long> before = ioThreads();
    S3Provider provider = S3Provider.openInBackground(s3.options(BUCKET, ""));
    provider.awaitOpened();
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
  void aBadProfileIsOneLineFromAwaitOpened() {
    S3Provider provider = S3Provider.openInBackground(S3Options.of(BUCKET, "")
        .withEndpoint(s3.endpoint()).withPathStyle(true).withRegion("us-east-1")
        .withProfile("holofs-no-such-profile"));
    try {
      assertThatThrownBy(provider::awaitOpened).isInstanceOf(IOException.class)
          .hasMessageStartingWith("s3://background: ").message().doesNotContain("\n");
    } finally {
      provider.close();
    }
  }
}
