package dev.holofs.s3;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small HTTP/1.1 proxy between holofs and S3Proxy that injects faults per request: a 503
 * SlowDown, a connection reset, a stall (no answer at all), or passes the request on. It records
 * every request line and counts requests whose client gave up while they were stalled (an aborted
 * HTTP request). {@link #stop()} and {@link #start()} make the server go away and come back on the
 * same port.
 */
final class FaultProxy implements AutoCloseable {

  /** What to do with one request. */
  /** {@code CUT}: the upstream answer is relayed in part ({@link #CUT_AFTER} bytes), then reset. */
  enum Fault { PASS, SLOW_DOWN, DENY, RESET, STALL, CUT }

  static final int CUT_AFTER = 2 << 20;

  private final int upstreamPort;
  private final int port;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger aborted = new AtomicInteger();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile Function<String, Fault> rule = line -> Fault.PASS;
  private volatile ServerSocket server;
  private Thread acceptor;

  FaultProxy(URI upstream) throws IOException {
    this.upstreamPort = upstream.getPort();
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      this.port = probe.getLocalPort();
    }
    start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Decides each request's fault from its request line ({@code GET /bucket/key?... HTTP/1.1}). */
  void rule(Function<String, Fault> rule) {
    this.rule = rule;
  }

  /** Request lines seen so far, faulted ones included. */
  List<String> requests() {
    return requests;
  }

  /** Requests whose client closed the connection while the proxy stalled them. */
  int aborted() {
    return aborted.get();
  }

  synchronized void start() throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    server = s;
    acceptor = new Thread(() -> accept(s), "fault-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Stops listening and drops every connection: the server went away. Returns once the port is
   * really closed: {@code close()} returns while the thread blocked in {@code accept()} still holds
   * the listening socket open in the kernel, which until that thread wakes completes and hands
   * over new connections (measured: more than half of the connections made at once after it).
   */
  synchronized void stop() throws IOException {
    server.close();
    try {
      acceptor.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while stopping the proxy");
    }
    for (Socket s : open) {
      s.close();
    }
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket client = s.accept();
        open.add(client);
        Thread t = new Thread(() -> serve(client), "fault-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = new BufferedInputStream(client.getInputStream());
      OutputStream out = client.getOutputStream();
      while (true) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        byte[] body = in.readNBytes(contentLength(head));
        String line = head.substring(0, head.indexOf("\r\n"));
        requests.add(line);
        switch (rule.apply(line)) {
          case SLOW_DOWN -> error(out, "503 Slow Down", "SlowDown", line);
          case DENY -> error(out, "403 Forbidden", "AccessDenied", line);
          case RESET -> {
            client.setSoLinger(true, 0); // close sends RST
            return;
          }
          case STALL -> {
            // Say nothing until the client gives up and closes its end.
            if (in.read() < 0) {
              aborted.incrementAndGet();
            }
            return;
          }
          case CUT -> {
            client.setSoLinger(true, 0); // the close after the cut sends RST
            pass(head, body, new CutStream(out, CUT_AFTER));
            return;
          }
          case PASS -> {
            pass(head, body, out);
            return; // the upstream answer was delimited by its close
          }
        }
      }
    } catch (IOException e) {
      // a client or upstream went away: nothing to answer
    } finally {
      open.remove(client);
    }
  }

  /** An S3 error answer; the connection stays usable. */
  private static void error(OutputStream out, String status, String code, String line) throws IOException {
    boolean head = line.startsWith("HEAD ");
    byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code
        + "</Code><Message>injected</Message></Error>").getBytes(StandardCharsets.UTF_8);
    out.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/xml\r\nContent-Length: "
        + xml.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    if (!head) {
      out.write(xml);
    }
    out.flush();
  }

  private void pass(String head, byte[] body, OutputStream out) throws IOException {
    StringBuilder h = new StringBuilder();
    for (String l : head.split("\r\n")) {
      if (!l.toLowerCase(Locale.ROOT).startsWith("connection:")) {
        h.append(l).append("\r\n");
      }
    }
    h.append("Connection: close\r\n\r\n");
    try (Socket upstream = new Socket("127.0.0.1", upstreamPort)) {
      open.add(upstream);
      OutputStream up = upstream.getOutputStream();
      up.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
      up.write(body);
      up.flush();
      upstream.getInputStream().transferTo(out);
      out.flush();
    } finally {
      open.removeIf(s -> s.isClosed());
    }
  }

  /** Passes the first {@code left} bytes, then fails: the connection is reset mid-answer. */
  private static final class CutStream extends java.io.FilterOutputStream {
    private long left;

    CutStream(OutputStream out, long left) {
      super(out);
      this.left = left;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      int n = (int) Math.min(len, left);
      out.write(b, off, n);
      left -= n;
      if (left == 0) {
        out.flush();
        throw new IOException("cut");
      }
    }
  }

  /** The request head up to its blank line, or null at end of stream. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int state = 0;
    int c;
    while ((c = in.read()) >= 0) {
      b.write(c);
      state = (c == '\r' && (state == 0 || state == 2)) ? state + 1
          : (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
      if (state == 4) {
        return b.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  private static int contentLength(String head) {
    for (String l : head.split("\r\n")) {
      if (l.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Integer.parseInt(l.substring(15).trim());
      }
    }
    return 0;
  }

  @Override
  public void close() throws IOException {
    stop();
  }
}
