package dev.holofs.s3;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * A real S3 server on loopback for the tests: S3Proxy (its jar-with-dependencies, copied by the
 * build) in its own JVM with a in-memory backend, started once for the whole test run and stopped
 * when the JVM exits. {@link #client()} writes fixtures straight to it.
 */
final class S3Proxy {

  static final String IDENTITY = "holofs-test";
  static final String CREDENTIAL = "holofs-test-secret";

  private static S3Proxy instance;

  private final Process process;
  private final URI endpoint;
  private final Path data;
  private final S3AsyncClient client;

  private S3Proxy(Process process, URI endpoint, Path data) {
    this.process = process;
    this.endpoint = endpoint;
    this.data = data;
    this.client = S3AsyncClient.builder().endpointOverride(endpoint).forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)))
        .build();
  }

  /** The running server, started on first use. */
  static synchronized S3Proxy get() throws Exception {
    if (instance == null) {
      instance = start();
      Runtime.getRuntime().addShutdownHook(new Thread(instance::stop));
    }
    return instance;
  }

  private static S3Proxy start() throws Exception {
    String jar = System.getProperty("holofs.s3proxy.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("S3Proxy jar not found (holofs.s3proxy.jar=" + jar
          + "); run the tests through Maven, which copies it");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path dir = Files.createTempDirectory("holofs-s3proxy");
    Path data = Files.createDirectory(dir.resolve("data"));
    Path properties = dir.resolve("s3proxy.properties");
    Files.writeString(properties, String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + IDENTITY,
        "s3proxy.credential=" + CREDENTIAL,
        "s3proxy.ignore-unknown-headers=true",
        "jclouds.provider=transient",
        ""));
    Path log = dir.resolve("s3proxy.log");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar,
        "--properties", properties.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      if (!p.isAlive()) {
        throw new IllegalStateException("S3Proxy exited: " + Files.readString(log));
      }
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        break;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          p.destroyForcibly();
          throw new IllegalStateException("S3Proxy did not start in 120 s: " + Files.readString(log));
        }
        Thread.sleep(100);
      }
    }
    return new S3Proxy(p, endpoint, data);
  }

  URI endpoint() {
    return endpoint;
  }

  S3AsyncClient client() {
    return client;
  }

  /** Options for {@code bucket} on this server, with the test credentials and path-style addressing. */
  S3Options options(String bucket, String prefix) {
    return S3Options.of(bucket, prefix).withEndpoint(endpoint).withPathStyle(true)
        .withRegion("us-east-1").withCredentials(IDENTITY, CREDENTIAL);
  }

  /** Creates a fresh bucket. */
  void createBucket(String bucket) {
    client.createBucket(b -> b.bucket(bucket)).join();
  }

  /** Puts {@code bytes} at {@code key}; @return its ETag. */
  String put(String bucket, String key, byte[] bytes) {
    return client.putObject(b -> b.bucket(bucket).key(key), AsyncRequestBody.fromBytes(bytes)).join().eTag();
  }

  /** Puts many objects, 32 at a time. */
  void putAll(String bucket, java.util.Map<String, byte[]> objects) {
    List<CompletableFuture<?>> inFlight = new ArrayList<>();
    for (var e : objects.entrySet()) {
      inFlight.add(client.putObject(b -> b.bucket(bucket).key(e.getKey()),
          AsyncRequestBody.fromBytes(e.getValue())).exceptionally(t -> {
            throw new IllegalStateException("PUT " + e.getKey() + " failed", t);
          }));
      if (inFlight.size() >= 32) {
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        inFlight.clear();
      }
    }
    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
  }

  private void stop() {
    client.close();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      try (Stream<Path> walk = Files.walk(data.getParent())) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    } catch (IOException | InterruptedException e) {
      // the JVM is exiting
    }
  }

  /** The default request timeout, shortened for the fault tests. */
  static final Duration SHORT_TIMEOUT = Duration.ofSeconds(2);
}
