package dev.holofs.engine;

import dev.holofs.spi.DataSink;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Refuses writes once the command has ended, so an adapter's buffer is never written after its
 * reply. Writes hold the command's monitor, which the command takes on ending before it publishes
 * its answer: a write in progress finishes before the adapter sees the answer.
 */
final class GuardedDataSink implements DataSink {

  private final EngineCommand<?> command;
  private final DataSink buffer;

  GuardedDataSink(EngineCommand<?> command, DataSink buffer) {
    this.command = command;
    this.buffer = buffer;
  }

  @Override
  public void write(ByteBuffer data) throws IOException {
    synchronized (command) {
      writeHolding(data);
    }
  }

  private void writeHolding(ByteBuffer data) throws IOException {
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
  public long position() {
    synchronized (command) {
      return buffer.position();
    }
  }

  @Override
  public int remaining() {
    synchronized (command) {
      return buffer.remaining();
    }
  }
}
