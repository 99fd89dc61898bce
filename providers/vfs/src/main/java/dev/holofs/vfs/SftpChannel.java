package dev.holofs.vfs;

import com.jcraft.jsch.ChannelSubsystem;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import dev.holofs.spi.Printable;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SFTP version 3 on one ssh channel (the "sftp" subsystem), with any number of requests in flight
 * from any threads: each request gets an id, a reader thread hands each reply to its waiter. This
 * is what lets one channel (with OpenSSH one sftp-server process) serve every concurrent listing
 * and read of a lane, and a read of an open file cost one round trip at any offset; jsch's
 * {@code ChannelSftp} runs one request at a time and opens a file for every stream.
 */
final class SftpChannel implements Closeable {

  static final byte OPEN = 3;
  static final byte CLOSE = 4;
  static final byte READ = 5;
  static final byte FSTAT = 8;
  static final byte OPENDIR = 11;
  static final byte READDIR = 12;
  static final byte STAT = 17;
  static final byte STATUS = 101;
  static final byte HANDLE = 102;
  static final byte DATA = 103;
  static final byte NAME = 104;
  static final byte ATTRS = 105;
  private static final byte INIT = 1;
  private static final byte VERSION = 2;
  static final int FX_EOF = 1;
  private static final int FX_NO_SUCH_FILE = 2;
  private static final int FX_PERMISSION_DENIED = 3;
  /** Larger replies are refused: a broken or hostile server must not make us allocate at will. */
  private static final int MAX_PACKET = 1 << 20;

  /** A reply: its type and its body after the request id. */
  record Reply(byte type, ByteBuffer body) {}

  private final ChannelSubsystem channel;
  private final DataInputStream in;
  private final OutputStream out;
  private final Duration timeout;
  private final Map<Integer, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  /** The server's VERSION, the first packet, which carries no request id. */
  private final CompletableFuture<Reply> helloReply = new CompletableFuture<>();
  private volatile IOException broken;
  /** When (System.nanoTime) the reader last got a packet: the server is alive while they come. */
  private volatile long lastPacket = System.nanoTime();

  private SftpChannel(ChannelSubsystem channel, Duration timeout) throws IOException {
    this.channel = channel;
    this.in = new DataInputStream(channel.getInputStream());
    this.out = channel.getOutputStream();
    this.timeout = timeout;
  }

  /**
   * Opens the sftp subsystem on {@code session} and says hello. {@code timeout}: how long a reply
   * may take before the channel is taken for dead (the session's keepalive fails a dead peer too).
   */
  static SftpChannel open(Session session, Duration timeout) throws IOException {
    ChannelSubsystem ch;
    try {
      ch = (ChannelSubsystem) session.openChannel("subsystem");
      ch.setSubsystem("sftp");
    } catch (JSchException e) {
      throw new IOException("cannot open an sftp channel: " + e.getMessage(), e);
    }
    SftpChannel sftp = new SftpChannel(ch, timeout);
    // Only the reader thread ever reads the channel, the hello included: jsch's pipe refuses data
    // (and jsch then drops the channel) once the last thread that read it has ended.
    Thread reader = new Thread(sftp::readReplies, "holofs-sftp-reader");
    reader.setDaemon(true);
    try {
      ch.connect((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      reader.start();
      sftp.out.write(ByteBuffer.allocate(9).putInt(5).put(INIT).putInt(3).array());
      sftp.out.flush();
      Reply version = sftp.await(sftp.helloReply);
      if (version.type() != VERSION) {
        throw new IOException("not an sftp server (no VERSION)");
      }
    } catch (JSchException | IOException | RuntimeException e) {
      sftp.fail(e instanceof IOException io ? io : new IOException("cannot start sftp: " + e.getMessage(), e));
      throw e instanceof IOException io ? io : new IOException("cannot start sftp: " + e.getMessage(), e);
    }
    return sftp;
  }

  /** Whether requests can still be sent (the channel has not failed or closed). */
  boolean isOpen() {
    return broken == null && channel.isConnected();
  }

  /** Sends a request of {@code type} with {@code body} (without the id); the reply comes later. */
  CompletableFuture<Reply> send(byte type, Body body) {
    CompletableFuture<Reply> reply = new CompletableFuture<>();
    IOException failed = broken;
    if (failed != null) {
      reply.completeExceptionally(failed);
      return reply;
    }
    int id = ids.incrementAndGet();
    byte[] bytes = body.bytes();
    ByteBuffer packet = ByteBuffer.allocate(9 + bytes.length)
        .putInt(5 + bytes.length).put(type).putInt(id).put(bytes);
    pending.put(id, reply);
    try {
      synchronized (out) {
        out.write(packet.array());
        out.flush();
      }
    } catch (IOException | RuntimeException e) {
      fail(new IOException("sftp connection lost: " + e.getMessage(), e));
    }
    if (broken != null) { // failed while or before we registered: fail() may have missed us
      pending.remove(id);
      reply.completeExceptionally(broken);
    }
    return reply;
  }

  /**
   * The reply to {@code request}. The channel is taken for dead once the server has sent nothing
   * for the channel's timeout since this wait began: a request queued behind many others (a walk's
   * fetches, reads ahead) waits as long as replies keep coming, which on a slow link or a loaded
   * server can be longer than the timeout.
   */
  Reply await(CompletableFuture<Reply> request) throws IOException {
    long start = System.nanoTime();
    long limit = timeout.toNanos();
    try {
      while (true) {
        long last = lastPacket;
        long heard = last - start > 0 ? last : start; // nanoTime: compared by difference
        long left = limit - (System.nanoTime() - heard);
        if (left <= 0) {
          IOException dead = new IOException(
              "the sftp server sent nothing for " + timeout.toSeconds() + " s");
          fail(dead);
          throw dead;
        }
        try {
          return request.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          // look again: packets may have come meanwhile, then the wait goes on
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting for the sftp server");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }

  /** Sends and waits. */
  Reply call(byte type, Body body) throws IOException {
    return await(send(type, body));
  }

  /** The handle a reply carries; a STATUS reply as the exception it stands for. */
  static byte[] handle(Reply reply, String path) throws IOException {
    expect(reply, HANDLE, path);
    return string(reply.body());
  }

  /** Fails with the exception a STATUS (or unexpected) reply stands for, unless it is {@code type}. */
  static void expect(Reply reply, byte type, String path) throws IOException {
    if (reply.type() == type) {
      return;
    }
    if (reply.type() != STATUS) {
      throw new IOException("sftp: unexpected reply " + reply.type() + " for " + Printable.of(path));
    }
    ByteBuffer b = reply.body();
    int code = b.getInt();
    String message = b.remaining() >= 4 ? new String(string(b), StandardCharsets.UTF_8) : "";
    switch (code) {
      case FX_NO_SUCH_FILE -> throw new NoSuchFileException(path);
      case FX_PERMISSION_DENIED -> throw new AccessDeniedException(path);
      case FX_EOF -> throw new EOFException(path);
      default -> throw new IOException(Printable.of(path) + ": sftp status " + code
          + (message.isEmpty() ? "" : " (" + Printable.of(message) + ")"));
    }
  }

  /** Whether {@code reply} is the STATUS that ends a listing or a file. */
  static boolean isEof(Reply reply) {
    return reply.type() == STATUS && reply.body().getInt(reply.body().position()) == FX_EOF;
  }

  /** Reads an SFTP string (uint32 length, bytes). */
  static byte[] string(ByteBuffer b) throws IOException {
    int n = length(b);
    byte[] s = new byte[n];
    b.get(s);
    return s;
  }

  /** Reads an SFTP string as UTF-8. */
  static String utf8(ByteBuffer b) throws IOException {
    int n = length(b);
    String s = new String(b.array(), b.arrayOffset() + b.position(), n, StandardCharsets.UTF_8);
    b.position(b.position() + n);
    return s;
  }

  /** Skips an SFTP string. */
  static void skipString(ByteBuffer b) throws IOException {
    int n = length(b);
    b.position(b.position() + n);
  }

  private static int length(ByteBuffer b) throws IOException {
    int n = b.getInt();
    if (n < 0 || n > b.remaining()) {
      throw new IOException("sftp: malformed reply");
    }
    return n;
  }

  private void readReplies() {
    try {
      int helloLength = in.readInt();
      if (helloLength < 5 || helloLength > MAX_PACKET) {
        throw new IOException("not an sftp server (bad hello)");
      }
      byte[] hello = new byte[helloLength];
      in.readFully(hello);
      helloReply.complete(new Reply(hello[0], ByteBuffer.wrap(hello, 1, helloLength - 1).slice()));
      while (true) {
        int length = in.readInt();
        if (length < 5 || length > MAX_PACKET) {
          throw new IOException("sftp: malformed packet of " + length + " bytes");
        }
        byte[] packet = new byte[length];
        in.readFully(packet);
        lastPacket = System.nanoTime();
        ByteBuffer b = ByteBuffer.wrap(packet);
        byte type = b.get();
        CompletableFuture<Reply> waiter = pending.remove(b.getInt());
        if (waiter != null) {
          waiter.complete(new Reply(type, b.slice()));
        }
      }
    } catch (Throwable e) {
      // Whatever ends the reader fails the channel, an Error too (an OutOfMemoryError allocating a
      // packet, say): otherwise every waiter waits out the timeout for replies no one reads.
      fail(new IOException("sftp connection lost: " + (e instanceof EOFException ? "the server closed it"
          : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e));
      if (e instanceof Error error) {
        throw error; // still reported as the thread's death
      }
    }
  }

  private void fail(IOException cause) {
    if (broken == null) {
      broken = cause;
    }
    helloReply.completeExceptionally(broken);
    for (Integer id : pending.keySet()) {
      CompletableFuture<Reply> waiter = pending.remove(id);
      if (waiter != null) {
        waiter.completeExceptionally(broken);
      }
    }
    channel.disconnect();
  }

  @Override
  public void close() {
    fail(new IOException("sftp channel closed"));
  }

  /** A request body being built: strings, integers. */
  static final class Body {
    private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(64);

    Body string(String s) {
      return string(s.getBytes(StandardCharsets.UTF_8));
    }

    Body string(byte[] s) {
      int32(s.length);
      bytes.writeBytes(s);
      return this;
    }

    Body int32(int v) {
      bytes.writeBytes(ByteBuffer.allocate(4).putInt(v).array());
      return this;
    }

    Body int64(long v) {
      bytes.writeBytes(ByteBuffer.allocate(8).putLong(v).array());
      return this;
    }

    byte[] bytes() {
      return bytes.toByteArray();
    }
  }
}
