package dev.holofs.fuse;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.holofs.spi.DataSink;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;

/**
 * Collects the bytes of one READ into its reply: written bytes are copied into the reply buffer
 * after the header, at their place in the reply; lent direct buffers are kept, their place in the
 * buffer left unused, and the reply goes out as one {@code writev} of the buffer's pieces and the
 * loans in order (the kernel takes a reply in one write). The engine's guard checks the range and
 * serializes writes and loans with the command's end.
 */
final class ReadSink implements DataSink {

  /** The most loans one reply sends from where they are; later ones are copied. */
  static final int MAX_LOANS = 16;
  /** An iovec: a pointer and a size_t. */
  private static final int IOVEC_SIZE = 16;
  /** The iovec array's room: a piece of the buffer before each loan, the loans, and the tail. */
  private static final int IOVECS_SIZE = (2 * MAX_LOANS + 1) * IOVEC_SIZE;

  private final NativeBuffer buffer;
  private final ByteBuffer reply;
  private final long offset;
  private final int length;
  /** Where the iovec array goes in the buffer: after the payload's room, aligned. */
  private final int iovecs;
  private int written;
  /** The loans, and where each starts in the payload (null until the first). */
  private ByteBuffer[] loans;
  private int[] loanedAt;
  private int loanCount;

  /** {@code buffer} must hold at least {@link #capacity(int) capacity(length)} bytes. */
  ReadSink(NativeBuffer buffer, long offset, int length) {
    this.buffer = buffer;
    this.reply = buffer.bytes();
    this.offset = offset;
    this.length = length;
    this.iovecs = payloadEnd(length);
  }

  /** The buffer size a READ of {@code length} bytes needs: header, payload and iovecs. */
  static int capacity(int length) {
    return payloadEnd(length) + IOVECS_SIZE;
  }

  private static int payloadEnd(int length) {
    return (Protocol.OUT_HEADER_SIZE + length + 7) & ~7;
  }

  @Override
  public void write(ByteBuffer data) {
    int n = data.remaining();
    reply.put(Protocol.OUT_HEADER_SIZE + written, data, data.position(), n);
    data.position(data.position() + n);
    written += n;
  }

  /** Keeps a direct buffer's bytes to send from where they are; copies a heap buffer's. */
  @Override
  public void lend(ByteBuffer data) {
    if (!data.isDirect() || loanCount == MAX_LOANS || !data.hasRemaining()) {
      write(data);
      return;
    }
    if (loans == null) {
      loans = new ByteBuffer[MAX_LOANS];
      loanedAt = new int[MAX_LOANS];
    }
    loans[loanCount] = data.slice(); // its own position and limit: the caller may move data's
    loanedAt[loanCount++] = written;
    written += data.remaining();
    data.position(data.limit());
  }

  @Override
  public long position() {
    return offset + written;
  }

  @Override
  public int remaining() {
    return length - written;
  }

  /** The reply's length: header and the bytes written or lent. */
  int replyLength() {
    return Protocol.OUT_HEADER_SIZE + written;
  }

  /** The reply buffer: header, copied bytes, iovecs. */
  NativeBuffer buffer() {
    return buffer;
  }

  /** How many buffers were lent (for tests). */
  int loans() {
    return loanCount;
  }

  /**
   * Writes the reply, whose header is in place, to {@code fd}: one {@code write} of the buffer,
   * or one {@code writev} of its pieces and the loans. Returns what the call returned (-1 with
   * errno set on failure).
   */
  long writeTo(int fd) {
    if (loanCount == 0) {
      return LibC.write(fd, buffer.address(), replyLength());
    }
    try {
      return LibC.writev(fd, buffer.address() + iovecs, gather());
    } finally {
      Reference.reachabilityFence(this); // the loans' memory is theirs: not freed during writev
    }
  }

  /** Puts the iovec array of the reply after the payload's room; returns how many it holds. */
  private int gather() {
    int count = 0;
    int from = 0; // the buffer's next byte not yet in an iovec
    for (int i = 0; i < loanCount; i++) {
      int at = Protocol.OUT_HEADER_SIZE + loanedAt[i];
      if (at > from) {
        iovec(count++, buffer.address() + from, at - from);
      }
      ByteBuffer loan = loans[i];
      iovec(count++, Pointer.nativeValue(Native.getDirectBufferPointer(loan)), loan.remaining());
      from = at + loan.remaining();
    }
    if (replyLength() > from) {
      iovec(count++, buffer.address() + from, replyLength() - from);
    }
    return count;
  }

  private void iovec(int index, long address, int size) {
    int at = iovecs + index * IOVEC_SIZE;
    reply.putLong(at, address).putLong(at + 8, size);
  }
}
