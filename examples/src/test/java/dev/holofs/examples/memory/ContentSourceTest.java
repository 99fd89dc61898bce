package dev.holofs.examples.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holofs.spi.DataSink;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The built-in sources give the same bytes whether filling a buffer or writing to a sink. */
class ContentSourceTest {

  private static final byte[] BLOCK = {10, 11, 12, 13, 14, 15, 16};

  @Test
  void repeatingIsTheBlockOverAndOverAcrossItsEdges() throws Exception {
    ContentSource source = ContentSource.repeating(BLOCK);
    for (long offset : new long[] {0, 3, 6, 7, 20, 1L << 40}) {
      ByteBuffer filled = ByteBuffer.allocate(25);
      source.read(offset, filled);
      byte[] written = written(source, offset, 25);
      for (int i = 0; i < 25; i++) {
        byte expected = BLOCK[(int) ((offset + i) % BLOCK.length)];
        assertThat(filled.get(i)).as("read at %d", offset + i).isEqualTo(expected);
        assertThat(written[i]).as("write at %d", offset + i).isEqualTo(expected);
      }
    }
    assertThatThrownBy(() -> ContentSource.repeating(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ofWritesTheRangeAskedFor() throws Exception {
    ContentSource source = ContentSource.of(BLOCK);
    assertThat(written(source, 2, 4)).containsExactly(12, 13, 14, 15);
    ByteBuffer filled = ByteBuffer.allocate(3);
    source.read(4, filled);
    assertThat(filled.array()).containsExactly(14, 15, 16);
  }

  @Test
  void directSourcesLendTheirOwnBytes() throws Exception {
    ByteBuffer block = ByteBuffer.allocateDirect(BLOCK.length).put(BLOCK).flip();
    ContentSource repeating = ContentSource.repeating(block);
    List<ByteBuffer> loans = new ArrayList<>();
    assertThat(written(repeating, 5, 10, loans)).containsExactly(15, 16, 10, 11, 12, 13, 14, 15, 16, 10);
    assertThat(loans).hasSize(3).allMatch(ByteBuffer::isDirect);
    ByteBuffer filled = ByteBuffer.allocate(9);
    repeating.read(6, filled);
    assertThat(filled.array()).containsExactly(16, 10, 11, 12, 13, 14, 15, 16, 10);
    loans.clear();
    assertThat(written(ContentSource.of(block), 1, 3, loans)).containsExactly(11, 12, 13);
    assertThat(loans).hasSize(1).allMatch(ByteBuffer::isDirect);
    assertThat(block.position()).as("the caller's buffer is left as it was").isZero();
  }

  @Test
  void theDefaultWriteFillsThroughRead() throws Exception {
    ContentSource counting = (offset, dst) -> {
      for (long i = offset; dst.hasRemaining(); i++) {
        dst.put((byte) i);
      }
    };
    assertThat(written(counting, 250, 8)).containsExactly(-6, -5, -4, -3, -2, -1, 0, 1);
  }

  /** What {@code source} writes for {@code length} bytes from {@code offset}, checked in order. */
  private static byte[] written(ContentSource source, long offset, int length) throws Exception {
    return written(source, offset, length, new ArrayList<>());
  }

  /** As above, adding each buffer lent to {@code loans}. */
  private static byte[] written(ContentSource source, long offset, int length, List<ByteBuffer> loans)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    source.write(offset, length, new DataSink() {
      @Override
      public void write(ByteBuffer data) {
        assertThat(data.remaining()).isLessThanOrEqualTo(remaining());
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        out.writeBytes(bytes);
      }

      @Override
      public void lend(ByteBuffer data) {
        loans.add(data);
        write(data);
      }

      @Override
      public long position() {
        return offset + out.size();
      }

      @Override
      public int remaining() {
        return length - out.size();
      }
    });
    assertThat(out.size()).isEqualTo(length);
    return out.toByteArray();
  }
}
