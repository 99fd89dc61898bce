package dev.holofs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.holofs.s3.S3Options;
import dev.holofs.s3.S3Provider;
import dev.holofs.spi.OpeningProvider;
import dev.holofs.zip.ZipProvider;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a zip: SOURCE before the command line is parsed, and handing it to the mount. */
class EarlyStartTest {

  @TempDir
  Path dir;
  private Path zip;
  private String source;

  @BeforeEach
  void archive() throws Exception {
    zip = dir.resolve("a.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("a.txt"));
      out.write('a');
    }
    source = "zip:" + zip;
  }

  @AfterEach
  void nothingLeft() {
    assertThat(EarlyStart.take(zipKey(source))).as("an early opening nobody took").isNull();
  }

  @Test
  void theMountTakesTheArchiveOpenedEarly() throws Exception {
    begin(new String[] {"mount", "--fsname", "x", source, dir.toString()});
    CompletableFuture<OpenSource> opening = EarlyStart.take(zipKey(source));
    assertThat(opening).isNotNull();
    OpenSource opened = opening.get(30, TimeUnit.SECONDS);
    try {
      assertThat(opened.provider()).isInstanceOf(OpeningProvider.class);
      assertThat(((OpeningProvider<?>) opened.provider()).awaitOpened())
          .isInstanceOfSatisfying(ZipProvider.class, z -> assertThat(z.archive()).isEqualTo(zip));
    } finally {
      opened.resource().close();
    }
  }

  @Test
  void aGuessThatWasNotTheSourceIsNotTaken() {
    begin(new String[] {"mount", "--fsname", source, "demo:", dir.toString()});
    assertThat(EarlyStart.take(zipKey("demo:"))).isNull();
  }

  @Test
  void aMissingArchiveFailsAsItWouldLater() {
    String missing = "zip:" + dir.resolve("missing.zip");
    begin(new String[] {"mount", missing, dir.toString()});
    CompletableFuture<OpenSource> opening = EarlyStart.take(zipKey(missing));
    assertThat(opening).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(Exception.class)
        .havingCause().isInstanceOf(UserException.class).withMessage(missing + ": no such file");
  }

  @Test
  void nothingIsOpenedEarlyForVerboseMountsOrOtherCommands() {
    begin(new String[] {"mount", "-vv", source, dir.toString()});
    assertThat(EarlyStart.take(zipKey(source))).isNull();
    begin(new String[] {"mount", source, dir.toString(), "--verbose"});
    assertThat(EarlyStart.take(zipKey(source))).isNull();
    begin(new String[] {"unmount", source});
    assertThat(EarlyStart.take(zipKey(source))).isNull();
  }

  /**
   * A loopback server answering every request with an empty listing, recording each request's
   * Authorization header ("none" if unsigned).
   */
  private static HttpServer emptyBucket(List<String> authorizations) throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      authorizations.add(authorization == null ? "none" : authorization);
      byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult><Name>b</Name>"
          + "<Prefix>p/</Prefix><KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys><Delimiter>/</Delimiter>"
          + "<IsTruncated>false</IsTruncated></ListBucketResult>").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/xml");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return server;
  }

  @Test
  void anS3SourceIsOpenedEarlyWithTheOptionsPicocliReads() throws Exception {
    List<String> authorizations = new CopyOnWriteArrayList<>();
    HttpServer server = emptyBucket(authorizations);
    try {
      String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
      String[] args = {"mount", "s3://b/p", dir.toString(), "--fsname", "x", "--endpoint",
          endpoint, "--path-style", "--request-timeout", "30.5", "--no-sign-request",
          "--region", "eu-west-1"};
      MountCommand parsed = parsed(args);
      assertThat(parsed.s3.endpoint).hasToString(endpoint);
      List<Object> key = EarlyStart.key("s3://b/p", parsed.s3.key());
      assertThat(key).isEqualTo(EarlyStart.key("s3://b/p", EarlyArgs.read(args).s3().key()));

      begin(args);
      CompletableFuture<OpenSource> opening = EarlyStart.take(key);
      assertThat(opening).isNotNull();
      OpenSource opened = opening.get(30, TimeUnit.SECONDS);
      try {
        OpeningProvider<?> provider = (OpeningProvider<?>) opened.provider();
        assertThat(provider.awaitOpened()).isInstanceOfSatisfying(S3Provider.class, s3 -> {
          S3Options options = s3.options();
          assertThat(options.endpoint()).hasToString(endpoint);
          assertThat(options.requestTimeout()).isEqualTo(Duration.ofMillis(30500));
          assertThat(options.unsignedRequests()).isTrue();
        });
        assertThat(authorizations).as("the bucket was checked, unsigned").isNotEmpty()
            .containsOnly("none");
      } finally {
        opened.resource().close();
      }
    } finally {
      server.stop(0);
    }
  }

  @Test
  void nothingIsOpenedEarlyFromAnS3CommandLineEarlyArgsDoesNotRead() {
    // picocli reads --endpoint=URL and options before SOURCE; the early start makes no guess.
    String[][] unread = {
        {"mount", "s3://b", dir.toString(), "--endpoint=http://127.0.0.1:9"},
        {"mount", "--endpoint", "http://127.0.0.1:9", "s3://b", dir.toString()},
    };
    for (String[] args : unread) {
      begin(args);
      assertThat(EarlyStart.take(EarlyStart.key("s3://b", parsed(args).s3.key()))).isNull();
    }
    String[] badTimeout = {"mount", "s3://b", "m", "--request-timeout", "x"};
    assertThat(EarlyArgs.read(badTimeout).s3()).isNull();
  }

  private static MountCommand parsed(String[] args) {
    return Cli.parsedMount(args);
  }

  @Test
  void aVfsSourceIsFoundAsTheLauncherFindsIt() {
    assertThat(EarlyStart.vfsUri("vfs:sftp://me@host/srv")).isEqualTo("sftp://me@host/srv");
    assertThat(EarlyStart.vfsUri("data=vfs:sftp://me@host/srv")).isEqualTo("sftp://me@host/srv");
    assertThat(EarlyStart.vfsUri("zip:/a.zip")).isNull();
    assertThat(EarlyStart.vfsUri("data=zip:/a.zip")).isNull();
  }

  /** The key of a zip: SOURCE's early opening, as the mount makes it. */
  private static List<Object> zipKey(String source) {
    return EarlyStart.key(source, List.of());
  }

  /** Begins as Main does. */
  private static void begin(String[] args) {
    EarlyStart.begin(args, EarlyArgs.read(args));
  }
}
