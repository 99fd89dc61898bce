package dev.holofs.fuse;

import dev.holofs.spi.DataSink;
import java.nio.ByteBuffer;

/** Collects the bytes of one READ directly into its reply buffer, after the reply header. */
final class ReadSink implements DataSink {

  private final ByteBuffer reply;
  private final long offset;
  private final int length;
  private int written;

  ReadSink(NativeBuffer buffer, long offset, int length) {
    this.reply = buffer.bytes();
    this.offset = offset;
    this.length = length;
  }

  @Override
  public synchronized void write(ByteBuffer data) {
    int n = data.remaining();
    if (n > length - written) {
      throw new IllegalArgumentException(n + " bytes would run past the requested range");
    }
    reply.put(Protocol.OUT_HEADER_SIZE + written, data, data.position(), n);
    data.position(data.position() + n);
    written += n;
  }

  @Override
  public synchronized long position() {
    return offset + written;
  }

  @Override
  public synchronized int remaining() {
    return length - written;
  }

  /** The reply's length: header and the bytes written. */
  synchronized int replyLength() {
    return Protocol.OUT_HEADER_SIZE + written;
  }
}
