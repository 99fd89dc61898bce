package dev.holofs.engine;

import dev.holofs.spi.DataSink;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Refuses writes and loans once the command has ended, so an adapter's buffer is never written,
 * nor a loan recorded, after its reply. Both hold the command's monitor, which the command takes
 * on ending before it publishes its answer: one in progress finishes before the adapter sees the
 * answer.
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
      check(data);
      buffer.write(data);
    }
  }

  @Override
  public void lend(ByteBuffer data) throws IOException {
    synchronized (command) {
      check(data);
      buffer.lend(data);
    }
  }

  /** Refuses {@code data} once the command has ended or past the range; call holding the monitor. */
  private void check(ByteBuffer data) {
    if (command.hasEnded()) {
      throw new IllegalStateException(command + " has ended; data refused");
    }
    if (data.remaining() > buffer.remaining()) {
      throw new IllegalArgumentException(command + ": " + data.remaining()
          + " bytes would run past the requested range (" + buffer.remaining() + " left)");
    }
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
