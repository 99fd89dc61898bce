package dev.holofs.engine;

import dev.holofs.spi.DataSink;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Refuses writes once the command has ended, so an adapter's buffer is never written after its reply. */
final class GuardedDataSink implements DataSink {

  private final EngineCommand<?> command;
  private final DataSink buffer;

  GuardedDataSink(EngineCommand<?> command, DataSink buffer) {
    this.command = command;
    this.buffer = buffer;
  }

  @Override
  public synchronized void write(ByteBuffer data) throws IOException {
    if (command.hasEnded()) {
      throw new IllegalStateException(command + " has ended; data refused");
    }
    if (data.remaining() > buffer.remaining()) {
      throw new IllegalArgumentException(command + ": " + data.remaining()
          + " bytes would run past the requested range (" + buffer.remaining() + " left)");
    }
    buffer.write(data);
  }

  @Override
  public synchronized long position() {
    return buffer.position();
  }

  @Override
  public synchronized int remaining() {
    return buffer.remaining();
  }
}
