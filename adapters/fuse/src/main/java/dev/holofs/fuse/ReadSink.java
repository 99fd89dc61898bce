package dev.holofs.fuse;

import dev.holofs.spi.DataSink;
import java.nio.ByteBuffer;

/**
 * Collects the bytes of one READ directly into its reply buffer, after the reply header. The
 * engine's guard checks the range and serializes writes with the command's end.
 */
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
  public void write(ByteBuffer data) {
    int n = data.remaining();
    reply.put(Protocol.OUT_HEADER_SIZE + written, data, data.position(), n);
    data.position(data.position() + n);
    written += n;
  }

  @Override
  public long position() {
    return offset + written;
  }

  @Override
  public int remaining() {
    return length - written;
  }

  /** The reply's length: header and the bytes written. */
  int replyLength() {
    return Protocol.OUT_HEADER_SIZE + written;
  }
}
