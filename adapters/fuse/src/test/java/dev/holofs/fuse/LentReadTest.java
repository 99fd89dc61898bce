package dev.holofs.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.Projection;
import dev.holofs.spi.Command;
import dev.holofs.spi.DataSink;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.EnumerationRequest;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.spi.Provider;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads through a real mount of a file whose bytes are a direct block repeated, handed over in
 * pieces that alternate between lent and copied: what the kernel returns is the file, wherever
 * the pieces, the block's edges and the end of the file fall, however many pieces a READ has
 * (more than {@link ReadSink#MAX_LOANS} loans in a 128 KiB READ).
 */
// A read waiting on a reply never sent ignores interrupts: fail from another thread, not hang.
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LentReadTest {

  /** Not a divisor of a page, so the block's edges fall inside pages and READs. */
  private static final int BLOCK = 10_007;
  private static final int PIECE = 3_001;
  private static final int SIZE = 40 * BLOCK + 1_234;

  @TempDir
  Path temp;
  private Path mnt;
  private FuseMount mount;
  private final ByteBuffer block = block();
  private final AtomicInteger loans = new AtomicInteger();
  /** The most loans one READ made. */
  private final AtomicInteger mostLoans = new AtomicInteger();

  @BeforeEach
  void setUp() throws Exception {
    FuseTests.requireFuse();
    mnt = Files.createDirectory(temp.resolve("mnt"));
    mount = (FuseMount) Projection.builder(new LendingProvider()).build().mount(mnt);
  }

  @AfterEach
  void tearDown() throws Exception {
    FuseTests.close(mount, mnt);
  }

  @Test
  void aRangeAcrossTheBlocksEdgeAndOneAtTheEndReadTheFilesBytes() throws Exception {
    try (RandomAccessFile file = new RandomAccessFile(mnt.resolve("lent.bin").toFile(), "r")) {
      assertThat(read(file, 2L * BLOCK - 50, 100)).isEqualTo(expected(2L * BLOCK - 50, 100));
      assertThat(read(file, SIZE - 10, 100)).as("10 bytes before the end").isEqualTo(expected(SIZE - 10, 10));
      assertThat(read(file, SIZE, 100)).isEmpty();
    }
    assertThat(loans.get()).isPositive();
  }

  @Test
  void theWholeFileReadsAsItsBytes() throws Exception {
    assertThat(Files.readAllBytes(mnt.resolve("lent.bin"))).isEqualTo(expected(0, SIZE));
    assertThat(Files.readAllBytes(mnt.resolve("small.bin"))).isEqualTo(expected(0, 100));
    assertThat(mostLoans.get()).as("one READ's loans, past the bound").isGreaterThan(ReadSink.MAX_LOANS);
  }

  private static byte[] read(RandomAccessFile file, long offset, int length) throws IOException {
    byte[] bytes = new byte[length];
    file.seek(offset);
    int n = 0;
    for (int r; n < length && (r = file.read(bytes, n, length - n)) > 0; ) {
      n += r;
    }
    return Arrays.copyOf(bytes, n);
  }

  private byte[] expected(long offset, int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = block.get((int) ((offset + i) % BLOCK));
    }
    return bytes;
  }

  private static ByteBuffer block() {
    ByteBuffer b = ByteBuffer.allocateDirect(BLOCK);
    for (int i = 0; i < BLOCK; i++) {
      b.put((byte) (i * 7 + i / 251));
    }
    return b.flip().asReadOnlyBuffer();
  }

  /** Two files whose bytes are the block repeated, lent and copied by turns. */
  private final class LendingProvider implements Provider {
    private final Map<String, Integer> sizes = new TreeMap<>(Map.of("lent.bin", SIZE, "small.bin", 100));

    @Override
    public boolean isImmutable() {
      return true;
    }

    @Override
    public void enumerate(EnumerationRequest request, EntrySink sink) {
      if (request.resumeAfter() == null) {
        sizes.forEach((name, size) -> sink.add(name, PlaceholderInfo.file(size).build()));
      }
    }

    @Override
    public PlaceholderInfo getPlaceholder(Command command, ProjectedPath path) {
      Integer size = sizes.get(path.toString());
      return path.isRoot() ? PlaceholderInfo.directory().build()
          : size == null ? null : PlaceholderInfo.file(size).build();
    }

    @Override
    public void getFileData(Command command, ProjectedPath path, long offset, int length,
        DataSink sink) throws IOException {
      long end = Math.min(offset + length, sizes.get(path.toString()));
      int lent = 0;
      for (long at = offset; at < end; ) {
        int from = (int) (at % BLOCK);
        int n = (int) Math.min(Math.min(end - at, PIECE), BLOCK - from);
        ByteBuffer piece = block.slice(from, n);
        if ((at / PIECE) % 2 == 0) {
          sink.lend(piece);
          loans.incrementAndGet();
          lent++;
        } else {
          byte[] copy = new byte[n];
          piece.get(copy);
          sink.write(ByteBuffer.wrap(copy));
        }
        at += n;
      }
      mostLoans.accumulateAndGet(lent, Math::max);
    }
  }
}
