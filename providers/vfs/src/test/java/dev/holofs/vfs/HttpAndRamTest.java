package dev.holofs.vfs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.holofs.testkit.Driver;
import dev.holofs.testkit.Entry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.impl.StandardFileSystemManager;
import org.junit.jupiter.api.Test;

/** A single file over http (the JDK's server, with ranges), and a tree in the ram scheme. */
class HttpAndRamTest {

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

  /** Serves {@code body} at /data.bin: HEAD, GET, and single byte ranges. */
  private static void serve(HttpExchange exchange, byte[] body) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals("/data.bin")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getResponseHeaders().set("Last-Modified", "Fri, 04 Dec 2026 12:00:00 GMT");
      exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
      int from = 0;
      int to = body.length - 1;
      int status = 200;
      String range = exchange.getRequestHeaders().getFirst("Range");
      Matcher m = range == null ? null : RANGE.matcher(range);
      if (m != null && m.matches()) {
        from = Integer.parseInt(m.group(1));
        to = m.group(2).isEmpty() ? body.length - 1 : Math.min(body.length - 1, Integer.parseInt(m.group(2)));
        status = 206;
        exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + body.length);
      }
      int length = Math.max(0, to - from + 1);
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.getResponseHeaders().set("Content-Length", Integer.toString(length));
      exchange.sendResponseHeaders(status, head ? -1 : length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body, from, length);
        }
      }
    }
  }

  @Test
  void aSingleHttpFileIsTheProjectionsOnlyEntry() throws Exception {
    byte[] body = Trees.random(300_000, 7);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> serve(exchange, body));
    server.start();
    String uri = "http://127.0.0.1:" + server.getAddress().getPort() + "/data.bin";
    try (VfsProvider provider = VfsProvider.open(VfsOptions.builder(uri).lanes(2).build());
        Driver driver = Driver.of(provider)) {
      assertThat(driver.list("")).extracting(Entry::name).containsExactly("data.bin");
      assertThat(driver.stat("data.bin").size()).isEqualTo(body.length);
      assertThat(driver.readAll("data.bin")).isEqualTo(body);
      assertThat(driver.read("data.bin", 250_000, 4096))
          .isEqualTo(java.util.Arrays.copyOfRange(body, 250_000, 254_096));
      assertThat(driver.lookup("other.bin")).isNull();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aRamTreeMadeByTheCallerIsProjected() throws Exception {
    try (StandardFileSystemManager manager = new StandardFileSystemManager()) {
      manager.init();
      FileObject root = manager.resolveFile("ram:///projected");
      try (OutputStream out = root.resolveFile("notes/today.txt").getContent().getOutputStream()) {
        out.write("ram bytes".getBytes(StandardCharsets.UTF_8));
      }
      root.resolveFile("empty").createFolder();
      try (VfsProvider provider = VfsProvider.of(root, Duration.ofSeconds(1));
          Driver driver = Driver.of(provider)) {
        assertThat(driver.list("")).extracting(Entry::name).containsExactly("empty", "notes");
        assertThat(new String(driver.readAll("notes/today.txt"), StandardCharsets.UTF_8))
            .isEqualTo("ram bytes");
        assertThat(driver.stat("empty").isDirectory()).isTrue();
      }
    }
  }
}
