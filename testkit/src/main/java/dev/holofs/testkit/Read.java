package dev.holofs.testkit;

import dev.holofs.engine.Call;
import dev.holofs.spi.DataSink;
import java.nio.ByteBuffer;

/**
 * One READ in flight: the reply buffer the engine writes into, and the {@link Call} that answers
 * it. Made by {@link Driver#startRead}.
 */
public final class Read implements DataSink {

  private final long offset;
  private final ByteBuffer buffer;
  volatile Call<Void> call;

  Read(long offset, int length) {
    this.offset = offset;
    this.buffer = ByteBuffer.allocate(length);
  }

  /** The command answering this read; cancel it to interrupt the read. */
  public Call<Void> call() {
    return call;
  }

  /** The bytes received so far (all of them once {@code call().result()} is done). */
  public synchronized byte[] bytes() {
    byte[] out = new byte[buffer.position()];
    buffer.duplicate().flip().get(out);
    return out;
  }

  @Override
  public synchronized void write(ByteBuffer data) {
    if (data.remaining() > buffer.remaining()) {
      throw new IllegalArgumentException("reply overflow: " + data.remaining() + " > " + buffer.remaining());
    }
    buffer.put(data);
  }

  @Override
  public synchronized long position() {
    return offset + buffer.position();
  }

  @Override
  public synchronized int remaining() {
    return buffer.remaining();
  }
}
