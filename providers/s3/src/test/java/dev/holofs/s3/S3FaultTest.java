package dev.holofs.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.holofs.s3.FaultProxy.Fault;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.testkit.Driver;
import dev.holofs.testkit.Read;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults between holofs and a real S3 server, injected by {@link FaultProxy}: throttling and
 * resets retried, a stalled endpoint failing only the requests it stalls, a server that goes away
 * and comes back, errors mapped to errno, an object replaced under a reader, a cancelled read
 * aborting its HTTP request, a part cut midway retried from its start (into a kept buffer too),
 * and mounts refused with one clear line.
 */
class S3FaultTest {

  static final String BUCKET = "faults";
  private static S3Proxy s3;
  private static FaultProxy proxy;
  private static final byte[] DATA = new byte[3 << 20];

  @BeforeAll
  static void fill() throws Exception {
    s3 = S3Proxy.get();
    s3.createBucket(BUCKET);
    new Random(3).nextBytes(DATA);
    s3.put(BUCKET, "data.bin", DATA);
    s3.put(BUCKET, "other.txt", "other\n".getBytes());
    proxy = new FaultProxy(s3.endpoint());
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
  }

  @BeforeEach
  void passAll() {
    proxy.rule(line -> Fault.PASS);
  }

  private static S3Provider provider() throws IOException {
    return provider(WalkAhead.OPENING_FRESH);
  }

  /** A provider whose root listing takes the open's page within {@code openingFresh}. */
  private static S3Provider provider(Duration openingFresh) throws IOException {
    return S3Provider.open(s3.options(BUCKET, "").withEndpoint(proxy.endpoint())
        .withRequestTimeout(Duration.ofSeconds(1)), openingFresh);
  }

  private static Driver driver(S3Provider provider) {
    return Driver.of(provider).withTimeout(Duration.ofSeconds(60));
  }

  /** Faults the first {@code n} requests for {@code key}, then passes. */
  private static void firstRequests(int n, String key, Fault fault) {
    AtomicInteger seen = new AtomicInteger();
    proxy.rule(line -> line.contains("/" + BUCKET + "/" + key) && seen.getAndIncrement() < n ? fault : Fault.PASS);
  }

  @Test
  void throttlingAndResetsAreRetried() throws Exception {
    try (S3Provider provider = provider(); Driver driver = driver(provider)) {
      driver.stat("data.bin");
      firstRequests(2, "data.bin", Fault.SLOW_DOWN);
      assertThat(driver.read("data.bin", 1000, 5000)).isEqualTo(Arrays.copyOfRange(DATA, 1000, 6000));
      firstRequests(2, "data.bin", Fault.RESET);
      assertThat(driver.read("data.bin", 9000, 5000)).isEqualTo(Arrays.copyOfRange(DATA, 9000, 14000));
    }
  }

  @Test
  void aPartCutMidwayIntoAKeptBufferIsRetriedFromItsStart() throws Exception {
    // A part received into a kept buffer (what a read-ahead part gets once an earlier one was
    // read): its first attempt is cut after CUT_AFTER bytes, and the SDK's retry must fill the
    // buffer from its start again, not append to what the cut attempt left there.
    byte[] object = new byte[ReadStream.MAX_PART + (1 << 20)];
    new Random(7).nextBytes(object);
    s3.put(BUCKET, "part.bin", object);
    // The default request timeout (30 s): the cut is an immediate reset, and a short timeout
    // would make a slow 8 MiB attempt on a loaded machine a third GET.
    S3Options options = s3.options(BUCKET, "").withEndpoint(proxy.endpoint());
    try (Bucket bucket = new Bucket(Clients.create(options), BUCKET)) {
      ByteBuffer kept = ByteBuffer.allocateDirect(ReadStream.MAX_PART);
      while (kept.hasRemaining()) {
        kept.put((byte) 0x55); // an earlier part's bytes
      }
      kept.clear();
      int before = proxy.requests().size();
      firstRequests(1, "part.bin", Fault.CUT);
      ByteBuffer got = bucket.get("part.bin", null, 1 << 20, ReadStream.MAX_PART, kept)
          .get(60, TimeUnit.SECONDS);
      assertThat(since(before)).as("the cut GET and its retry")
          .hasSize(2).allMatch(line -> line.startsWith("GET /" + BUCKET + "/part.bin"));
      assertThat(got).isSameAs(kept);
      byte[] bytes = new byte[got.remaining()];
      got.get(bytes);
      assertThat(Arrays.equals(bytes, Arrays.copyOfRange(object, 1 << 20, object.length)))
          .as("the bytes received are the part's").isTrue();
    } finally {
      s3.client().deleteObject(b -> b.bucket(BUCKET).key("part.bin")).join();
    }
  }

  @Test
  void aBigReadWithPartsCutMidwayReadsEveryByte() throws Exception {
    // Through the provider: later 8 MiB parts mostly go into kept buffers (64 MiB budget), but
    // which ones depends on timing; the test above proves the kept buffer's restart.
    byte[] big = new byte[80 << 20];
    new Random(5).nextBytes(big);
    s3.put(BUCKET, "big.bin", big);
    try (S3Provider provider = provider(); Driver driver = driver(provider)) {
      driver.stat("big.bin");
      // GETs of the object from the tenth on are parts fetched while the first ones are done;
      // two of them are cut after a part of their bytes (three apart: a retry has room).
      AtomicInteger gets = new AtomicInteger();
      proxy.rule(line -> {
        if (!line.startsWith("GET /" + BUCKET + "/big.bin")) {
          return Fault.PASS;
        }
        int n = gets.incrementAndGet();
        return n == 10 || n == 13 ? Fault.CUT : Fault.PASS;
      });
      byte[] read = driver.readAll("big.bin");
      assertThat(gets.get()).as("GETs of the object").isGreaterThan(13);
      assertThat(Arrays.equals(read, big)).as("the bytes read are the object's").isTrue();
    } finally {
      s3.client().deleteObject(b -> b.bucket(BUCKET).key("big.bin")).join();
    }
  }

  @Test
  void aStalledEndpointFailsTheRequestAndServesAgainAfter() throws Exception {
    try (S3Provider provider = provider(); Driver driver = driver(provider)) {
      driver.stat("data.bin");
      driver.stat("other.txt");
      proxy.rule(line -> line.contains("data.bin") ? Fault.STALL : Fault.PASS);
      Read stalled = driver.startRead(ProjectedPath.of("data.bin"), 0, 4096);
      // Meanwhile other requests are served.
      assertThat(driver.read("other.txt", 0, 100)).isEqualTo("other\n".getBytes());
      assertThatThrownBy(() -> stalled.result().get())
          .hasRootCauseInstanceOf(Exception.class).cause().isInstanceOf(IOException.class);
      proxy.rule(line -> Fault.PASS);
      assertThat(driver.read("data.bin", 0, 4096)).isEqualTo(Arrays.copyOf(DATA, 4096));
    }
  }

  /** The request lines the proxy saw after its first {@code count}. */
  private static List<String> since(int count) {
    List<String> all = proxy.requests();
    return all.subList(Math.min(count, all.size()), all.size());
  }

  @Test
  void aServerThatGoesAwayFailsRequestsUntilItComesBack() throws Exception {
    // The root's page the open checked the bucket with is never fresh enough to be taken.
    try (S3Provider provider = provider(Duration.ZERO); Driver driver = driver(provider)) {
      driver.stat("data.bin");
      await().atMost(Duration.ofSeconds(30)).until(() -> provider.requestsInFlight() == 0);
      int before = proxy.requests().size();
      proxy.stop();
      try {
        // Neither the bytes nor the root's listing were asked for before: both need the server.
        assertThatThrownBy(() -> driver.read("data.bin", 0, 100)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> driver.list(""))
            .as(() -> "listing the root; the proxy saw since its stop: " + since(before))
            .isInstanceOf(IOException.class);
        assertThat(since(before)).as("requests the stopped proxy saw").isEmpty();
      } finally {
        proxy.start();
      }
      assertThat(driver.read("data.bin", 0, 100)).isEqualTo(Arrays.copyOf(DATA, 100));
      assertThat(dev.holofs.testkit.Entry.names(driver.list(""))).contains("data.bin", "other.txt");
    }
  }

  @Test
  void accessDeniedAndNoSuchKeyAreTheirErrors() throws Exception {
    try (S3Provider provider = provider(); Driver driver = driver(provider)) {
      driver.stat("data.bin");
      proxy.rule(line -> line.startsWith("GET /" + BUCKET + "/data.bin") ? Fault.DENY : Fault.PASS);
      assertThatThrownBy(() -> driver.read("data.bin", 0, 100)).isInstanceOf(AccessDeniedException.class);
      proxy.rule(line -> Fault.PASS);
      s3.put(BUCKET, "gone.txt", "soon gone".getBytes());
      driver.stat("gone.txt");
      s3.client().deleteObject(b -> b.bucket(BUCKET).key("gone.txt")).join();
      assertThatThrownBy(() -> driver.read("gone.txt", 0, 100)).isInstanceOf(NoSuchFileException.class);
    }
  }

  @Test
  void anObjectReplacedUnderAReaderFailsTheReadAndTheNextLookupSeesIt() throws Exception {
    byte[] v1 = new byte[2 << 20];
    byte[] v2 = new byte[2 << 20];
    Arrays.fill(v1, (byte) 1);
    Arrays.fill(v2, (byte) 2);
    s3.put(BUCKET, "swap.bin", v1);
    try (S3Provider provider = provider(); Driver driver = driver(provider)) {
      driver.stat("swap.bin");
      assertThat(driver.read("swap.bin", 0, 65536)).containsOnly(1);
      s3.put(BUCKET, "swap.bin", v2);
      assertThatThrownBy(() -> driver.read("swap.bin", 1 << 20, 65536)).isInstanceOf(IOException.class)
          .hasMessageContaining("changed");
      driver.stat("swap.bin"); // a new open looks the file up again: the new version
      assertThat(driver.read("swap.bin", 1 << 20, 65536)).containsOnly(2);
    }
  }

  @Test
  void aCancelledReadAbortsItsRequest() throws Exception {
    // A request timeout far beyond the wait below: only the cancel can abort the stalled GET.
    try (S3Provider provider = S3Provider.open(s3.options(BUCKET, "")
            .withEndpoint(proxy.endpoint()).withRequestTimeout(Duration.ofSeconds(120)));
        Driver driver = driver(provider)) {
      driver.stat("data.bin");
      int abortedBefore = proxy.aborted();
      proxy.rule(line -> line.startsWith("GET /" + BUCKET + "/data.bin") ? Fault.STALL : Fault.PASS);
      Read read = driver.startRead(ProjectedPath.of("data.bin"), 4096, 4096);
      await().atMost(Duration.ofSeconds(30))
          .until(() -> proxy.requests().stream().anyMatch(l -> l.startsWith("GET /" + BUCKET + "/data.bin")));
      assertThat(read.cancel()).isTrue();
      await().atMost(Duration.ofSeconds(20)).until(() -> proxy.aborted() > abortedBefore);
      assertThat(driver.liveCommands()).isZero();
    }
  }

  @Test
  void mountsAreRefusedWithOneClearLine() throws Exception {
    assertThatThrownBy(() -> S3Provider.open(s3.options("no-such-bucket", "")))
        .isInstanceOf(IOException.class).hasMessage("s3://no-such-bucket: no such bucket");
    assertThatThrownBy(() -> S3Provider.open(s3.options(BUCKET, "").withCredentials("wrong", "wrong")))
        .isInstanceOf(IOException.class).hasMessageStartingWith("s3://faults: access denied");
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertThatThrownBy(() -> S3Provider.open(s3.options(BUCKET, "")
        .withEndpoint(URI.create("http://127.0.0.1:" + closed)).withRequestTimeout(Duration.ofSeconds(1))))
        .isInstanceOf(IOException.class).hasMessageStartingWith("s3://faults: cannot reach http://127.0.0.1:" + closed)
        .message().doesNotContain("\n");
  }
}
