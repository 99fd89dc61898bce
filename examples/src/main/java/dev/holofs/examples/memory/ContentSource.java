package dev.holofs.examples.memory;

import dev.holofs.spi.DataSink;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Produces a file's bytes on demand, so a large generated file costs no memory in a
 * {@link MemoryProvider}.
 */
@FunctionalInterface
public interface ContentSource {

  /**
   * Fills all {@code dst.remaining()} bytes of {@code dst} with the file's bytes starting at
   * {@code offset}. The caller never asks past the file's size.
   */
  void read(long offset, ByteBuffer dst) throws IOException;

  /**
   * Writes the file's bytes from {@code offset} to {@code sink}: {@code length} of them, or fewer
   * but at least one (the caller asks again from where they end; none at all fails the read). The
   * caller never asks past the file's size. The default fills a new buffer with {@link #read} and
   * writes all of it; a source that holds its bytes hands them to the sink as they are, which
   * saves an allocation and a copy per request.
   */
  default void write(long offset, int length, DataSink sink) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    read(offset, buffer);
    sink.write(buffer.flip());
  }

  /** A source serving {@code content} (not copied: do not change it afterwards). */
  static ContentSource of(byte[] content) {
    return of(ByteBuffer.wrap(content));
  }

  /**
   * A source serving the remaining bytes of {@code content}, lent to the sink as they are ({@link
   * DataSink#lend}): not copied, so never change them, nor free or reuse their memory, afterwards.
   * A direct buffer's bytes may then reach the platform without a copy.
   */
  static ContentSource of(ByteBuffer content) {
    ByteBuffer bytes = content.slice();
    return new ContentSource() {
      @Override
      public void read(long offset, ByteBuffer dst) {
        dst.put(bytes.slice(Math.toIntExact(offset), dst.remaining()));
      }

      @Override
      public void write(long offset, int length, DataSink sink) throws IOException {
        sink.lend(bytes.slice(Math.toIntExact(offset), length));
      }
    };
  }

  /**
   * A source whose byte at offset {@code i} is {@code block[i % block.length]}: {@code block}
   * repeated for as long as the file's size (not copied: do not change it afterwards).
   */
  static ContentSource repeating(byte[] block) {
    return repeating(ByteBuffer.wrap(block));
  }

  /**
   * A source whose bytes are the remaining bytes of {@code block} repeated for as long as the
   * file's size, lent to the sink as they are ({@link DataSink#lend}): not copied, so never change
   * them, nor free or reuse their memory, afterwards. A direct buffer's bytes may then reach the
   * platform without a copy.
   */
  static ContentSource repeating(ByteBuffer block) {
    ByteBuffer bytes = block.slice();
    int period = bytes.remaining();
    if (period == 0) {
      throw new IllegalArgumentException("an empty block cannot be repeated");
    }
    return new ContentSource() {
      @Override
      public void read(long offset, ByteBuffer dst) {
        for (long at = offset; dst.hasRemaining(); ) {
          int from = (int) (at % period);
          int n = Math.min(dst.remaining(), period - from);
          dst.put(bytes.slice(from, n));
          at += n;
        }
      }

      @Override
      public void write(long offset, int length, DataSink sink) throws IOException {
        for (long at = offset, end = offset + length; at < end; ) {
          int from = (int) (at % period);
          int n = (int) Math.min(end - at, period - from);
          sink.lend(bytes.slice(from, n));
          at += n;
        }
      }
    };
  }
}
