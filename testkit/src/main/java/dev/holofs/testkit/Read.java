package dev.holofs.testkit;

import dev.holofs.engine.Call;
import dev.holofs.spi.DataSink;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * One READ in flight: the reply buffer the engine writes into, and its answer. Made by
 * {@link Driver#startRead}.
 */
public final class Read implements DataSink {

  private final long offset;
  private final ByteBuffer buffer;
  volatile Call<Void> call;

  Read(long offset, int length) {
    this.offset = offset;
    this.buffer = ByteBuffer.allocate(length);
  }

  /** Completes when the read is answered; exceptionally if it failed or was interrupted. */
  public CompletableFuture<Void> result() {
    return call.result();
  }

  /** INTERRUPT: cancels the read if it has not been answered. @return whether this cancelled it */
  public boolean cancel() {
    return call.cancel();
  }

  /** The bytes received so far (all of them once {@link #result()} is done). */
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
