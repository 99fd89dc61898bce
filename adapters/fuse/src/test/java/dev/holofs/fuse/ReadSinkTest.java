package dev.holofs.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A READ reply mixing copied and lent bytes goes out, in one real {@code writev} (to a file here),
 * as the header followed by the bytes in the order they were handed over.
 */
class ReadSinkTest {

  @TempDir
  Path temp;

  @Test
  void copiedAndLentBytesGoOutInOrderAfterTheHeader() throws Exception {
    NativeBuffer buffer = NativeBuffer.take(ReadSink.capacity(16));
    try {
      ReadSink sink = new ReadSink(buffer, 100, 16);
      ByteBuffer heap = ascii("cd");
      sink.lend(direct("ab")); // first: no buffer piece before it but the header
      sink.lend(heap); // a heap buffer: copied
      sink.write(ascii("ef"));
      ByteBuffer loan = direct("ghij");
      sink.lend(loan);
      loan.position(1).limit(2); // the caller's buffer object again: moving it changes nothing sent
      sink.lend(direct("kl"));
      assertThat(heap.hasRemaining()).isFalse();
      assertThat(sink.loans()).isEqualTo(3);
      assertThat(sink.position()).isEqualTo(112);
      assertThat(sink.remaining()).isEqualTo(4);
      assertThat(sent(sink)).isEqualTo(header(28) + "abcdefghijkl");
    } finally {
      buffer.release();
    }
  }

  @Test
  void loansPastTheBoundAreCopied() throws Exception {
    int n = ReadSink.MAX_LOANS + 5;
    NativeBuffer buffer = NativeBuffer.take(ReadSink.capacity(2 * n));
    try {
      ReadSink sink = new ReadSink(buffer, 0, 2 * n);
      StringBuilder expected = new StringBuilder();
      for (int i = 0; i < n; i++) {
        String lent = String.valueOf((char) ('A' + i));
        String copied = String.valueOf((char) ('a' + i));
        sink.lend(direct(lent));
        sink.write(ascii(copied));
        expected.append(lent).append(copied);
      }
      assertThat(sink.loans()).isEqualTo(ReadSink.MAX_LOANS);
      assertThat(sink.remaining()).isZero();
      assertThat(sent(sink)).isEqualTo(header(16 + 2 * n) + expected);
    } finally {
      buffer.release();
    }
  }

  @Test
  void aReplyWithoutLoansIsOneBuffer() throws Exception {
    NativeBuffer buffer = NativeBuffer.take(ReadSink.capacity(8));
    try {
      ReadSink sink = new ReadSink(buffer, 0, 8);
      sink.write(ascii("abc"));
      sink.lend(direct("")); // nothing to lend
      assertThat(sink.loans()).isZero();
      assertThat(sent(sink)).isEqualTo(header(19) + "abc");
    } finally {
      buffer.release();
    }
  }

  /** What the reply's header and {@link ReadSink#writeTo} put in a file, header as text. */
  private String sent(ReadSink sink) throws Exception {
    Codec.outHeader(sink.buffer().bytes(), sink.replyLength(), 0, 7);
    Path file = Files.createTempFile(temp, "reply", ".bin");
    int fd = LibC.open(file.toString(), LibC.O_WRONLY | LibC.O_CLOEXEC);
    try {
      assertThat(sink.writeTo(fd)).isEqualTo(sink.replyLength());
    } finally {
      LibC.close(fd);
    }
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header(b.getInt(0), b.getInt(4), b.getLong(8)).getBytes(StandardCharsets.US_ASCII));
    out.write(bytes, Protocol.OUT_HEADER_SIZE, bytes.length - Protocol.OUT_HEADER_SIZE);
    return out.toString(StandardCharsets.US_ASCII);
  }

  private static String header(int length) {
    return header(length, 0, 7);
  }

  private static String header(int length, int error, long unique) {
    return "[" + length + " " + error + " " + unique + "]";
  }

  private static ByteBuffer ascii(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
  }

  private static ByteBuffer direct(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
  }
}
