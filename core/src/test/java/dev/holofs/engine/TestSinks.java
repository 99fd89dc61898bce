package dev.holofs.engine;

import dev.holofs.spi.DataSink;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.PlaceholderInfo;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Adapter-side buffers for engine tests. */
final class TestSinks {

  private TestSinks() {}

  /** An entry buffer holding at most {@code capacity} entries, as a readdir reply would. */
  static final class Entries implements EntrySink {
    final int capacity;
    final List<String> names = new ArrayList<>();

    Entries(int capacity) {
      this.capacity = capacity;
    }

    @Override
    public synchronized boolean add(String name, PlaceholderInfo info) {
      if (names.size() >= capacity) {
        return false;
      }
      names.add(name);
      return true;
    }
  }

  /** A read reply buffer of {@code length} bytes for a read at {@code offset}; counts loans. */
  static final class Bytes implements DataSink {
    final long offset;
    final ByteBuffer buffer;
    int loans;

    Bytes(long offset, int length) {
      this.offset = offset;
      this.buffer = ByteBuffer.allocate(length);
    }

    @Override
    public void write(ByteBuffer data) {
      buffer.put(data);
    }

    @Override
    public void lend(ByteBuffer data) {
      loans++;
      write(data);
    }

    @Override
    public long position() {
      return offset + buffer.position();
    }

    @Override
    public int remaining() {
      return buffer.remaining();
    }

    byte[] bytes() {
      byte[] out = new byte[buffer.position()];
      buffer.duplicate().flip().get(out);
      return out;
    }
  }
}
