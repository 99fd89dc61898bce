package dev.holofs.hcs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holofs.spi.Printable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A QMP client over QEMU's unix socket: each command carries an id, its reply completes the
 * matching future; events go to a listener. When the connection ends every pending command fails.
 */
final class Qmp implements AutoCloseable {

  private final SocketChannel channel;
  private final LineReader in;
  private final Consumer<JsonNode> events;
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  /** Completes when the reader has seen the end of the stream (every event delivered). */
  private final CompletableFuture<Void> drained = new CompletableFuture<>();
  private volatile boolean closed;

  private Qmp(SocketChannel channel, Consumer<JsonNode> events) {
    this.channel = channel;
    this.in = new LineReader(channel);
    this.events = events;
  }

  /**
   * Connects, reads the greeting, starts the reader; the caller sends qmp_capabilities. A QEMU
   * that accepts but never greets (hung, or not QEMU) fails this after {@code greetingMs}: a read
   * on a channel has no timeout of its own, so the channel is closed under it.
   */
  static Qmp connect(Path socket, long greetingMs, Consumer<JsonNode> events) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    AtomicBoolean decided = new AtomicBoolean(); // greeted in time, or timed out: whichever first
    try {
      channel.connect(UnixDomainSocketAddress.of(socket)); // refused at once if nobody listens
      CompletableFuture.delayedExecutor(greetingMs, TimeUnit.MILLISECONDS).execute(() -> {
        if (decided.compareAndSet(false, true)) {
          closeQuietly(channel); // the blocked read below ends with AsynchronousCloseException
        }
      });
      Qmp qmp = new Qmp(channel, events);
      String greeting;
      try {
        greeting = qmp.in.readLine();
      } catch (IOException e) {
        throw decided.compareAndSet(false, true) ? e
            : new IOException("no QMP greeting within " + greetingMs + " ms", e);
      }
      if (!decided.compareAndSet(false, true)) {
        throw new IOException("no QMP greeting within " + greetingMs + " ms");
      }
      if (greeting == null || !Json.read(greeting).has("QMP")) {
        throw new IOException("not a QMP greeting: " + Printable.of(String.valueOf(greeting)));
      }
      Thread reader = new Thread(qmp::readLoop, "holofs-qmp-" + socket.getFileName());
      reader.setDaemon(true);
      reader.start();
      return qmp;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Sends a command; the future gets its {@code return} value, or fails with QEMU's error. */
  CompletableFuture<JsonNode> execute(String command, ObjectNode arguments) {
    long id = ids.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    ObjectNode message = Json.object().put("execute", command).put("id", id);
    if (arguments != null) {
      message.set("arguments", arguments);
    }
    pending.put(id, reply);
    try {
      ByteBuffer bytes = ByteBuffer.wrap(
          (Json.write(message) + "\n").getBytes(StandardCharsets.UTF_8));
      // Not through Channels' streams: theirs share one lock between a blocked read and a write.
      synchronized (channel) {
        if (closed) {
          throw new IOException("QMP connection closed");
        }
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
      }
    } catch (IOException e) {
      pending.remove(id);
      reply.completeExceptionally(closedError(command));
    }
    return reply;
  }

  private void readLoop() {
    try {
      String line;
      while ((line = in.readLine()) != null) {
        JsonNode message = Json.read(line);
        if (message.has("event")) {
          events.accept(message);
        } else if (message.has("id")) {
          CompletableFuture<JsonNode> reply = pending.remove(message.get("id").asLong());
          if (reply != null && message.has("error")) {
            JsonNode error = message.get("error");
            reply.completeExceptionally(new HcsException(new ResultError(
                HResults.HCS_E_INVALID_STATE, error.path("desc").asText(),
                List.of(new ResultError.ErrorEvent(
                    error.path("class").asText() + ": " + error.path("desc").asText(), "qemu",
                    0))), null));
          } else if (reply != null) {
            reply.complete(message.get("return"));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // The connection ended: handled below like an orderly end of stream.
    } finally {
      drained.complete(null);
      close();
    }
  }

  /** Waits until every message QEMU sent before it closed the socket has been handled. */
  void awaitDrained(long millis) {
    try {
      drained.get(millis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // Decide with what arrived.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static HcsException closedError(String what) {
    return new HcsException(HResults.HCS_E_CONNECTION_CLOSED,
        "QEMU's QMP connection closed before " + what + " completed");
  }

  /** Closes the connection; pending commands fail with {@code HCS_E_CONNECTION_CLOSED}. */
  @Override
  public void close() {
    synchronized (channel) {
      closed = true;
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // Nothing more to release.
    }
    pending.forEach((id, reply) -> reply.completeExceptionally(closedError("command " + id)));
    pending.clear();
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Closed already, or closing anyway: nothing more to release.
    }
  }

  /** Lines read straight from the channel. */
  private static final class LineReader {
    private final SocketChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).flip();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineReader(SocketChannel channel) {
      this.channel = channel;
    }

    /** The next line without its end, or null at the end of the stream. */
    String readLine() throws IOException {
      while (true) {
        while (buffer.hasRemaining()) {
          byte b = buffer.get();
          if (b == '\n') {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            return text;
          }
          line.write(b);
        }
        buffer.clear();
        int n = channel.read(buffer);
        buffer.flip();
        if (n < 0) {
          return null;
        }
      }
    }
  }
}
