package dev.holofs.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.testkit.Driver;
import dev.holofs.testkit.Entry;
import dev.holofs.testkit.ExpectedTree;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The demo tree, read through the engine exactly as an adapter would. */
class DemoTreeTest {

  private final Driver driver = Driver.of(DemoTree.create());

  @AfterEach
  void close() {
    driver.close();
  }

  @Test
  void rootListsTheDocumentedItems() throws Exception {
    assertThat(list(""))
        .containsExactly("4k.bin", "README.txt", "big", "hello.txt", "link-to-hello", "many");
    assertThat(list("big")).containsExactly("64m.bin");
  }

  @Test
  void manyHoldsAThousandNumberedFiles() throws Exception {
    List<String> expected = IntStream.range(0, 1000)
        .mapToObj(i -> String.format("file-%04d.txt", i)).toList();
    assertThat(list("many")).isEqualTo(expected);
    assertThat(text("many/file-0042.txt")).isEqualTo("This is file 0042 of 1000.\n");
    assertThat(text("many/file-0999.txt")).isEqualTo("This is file 0999 of 1000.\n");
  }

  @Test
  void textFilesAndLinkHaveFixedContent() throws Exception {
    assertThat(text("hello.txt")).isEqualTo("Hello from holofs!\n");
    assertThat(text("README.txt")).startsWith("This directory is projected by holofs")
        .contains("big/64m.bin");
    PlaceholderInfo link = info("link-to-hello");
    assertThat(link.isSymlink()).isTrue();
    assertThat(link.symlinkTarget()).isEqualTo("hello.txt");
    assertThat(info("hello.txt").lastWriteTime()).isEqualTo(DemoTree.TIME);
    assertThat(info("hello.txt").mode()).isEqualTo(0444);
    assertThat(info("many").isDirectory()).isTrue();
    assertThat(info("missing.txt")).isNull();
  }

  @Test
  void fourKHasItsPatternAndKnownDigest() throws Exception {
    assertThat(info("4k.bin").size()).isEqualTo(4096);
    byte[] bytes = read("4k.bin", 0, 8192);
    assertThat(bytes).hasSize(4096);
    assertThat(bytes[0]).isEqualTo((byte) 7);
    assertThat(bytes[1]).isEqualTo((byte) 38);
    assertThat(bytes[4095]).isEqualTo((byte) (4095 * 31 + 7));
    // Pinned, so the tree cannot change by accident (the CLI's end-to-end test uses sha256sum).
    assertThat(ExpectedTree.sha256(bytes)).isEqualTo(DemoTree.FOUR_K_SHA256)
        .isEqualTo("d41d438c379110c7f7b2c561b1f04f26c1b4549110791f8e022f48974280c13e");
  }

  @Test
  void bigFileReadsEqualTheGeneratorAtAnyOffset() throws Exception {
    assertThat(info("big/64m.bin").size()).isEqualTo(64L << 20);
    long[] offsets = {0, 1, 7, 8, 4093, (1 << 20) - 4093, 1 << 20, 33_554_431, (64L << 20) - 4096};
    for (long offset : offsets) {
      byte[] got = read("big/64m.bin", offset, 4096);
      assertThat(got).as("read at %d", offset).hasSize(4096);
      for (int i = 0; i < got.length; i++) {
        assertThat(got[i]).as("byte %d", offset + i).isEqualTo(reference(offset + i));
      }
    }
    assertThat(read("big/64m.bin", (64L << 20) - 3, 100)).hasSize(3);
    assertThat(read("big/64m.bin", 64L << 20, 100)).isEmpty();
  }

  @Test
  void generatorIsTheSameInEitherByteOrderAndPieceByPiece() {
    ByteBuffer whole = ByteBuffer.allocate(1000).order(ByteOrder.LITTLE_ENDIAN);
    DemoTree.fillBig(12_345, whole);
    ByteBuffer pieces = ByteBuffer.allocate(1000); // big-endian
    for (int at = 0; at < 1000; ) {
      int n = Math.min(13, 1000 - at);
      DemoTree.fillBig(12_345 + at, pieces.limit(at + n));
      at += n;
    }
    assertThat(pieces.array()).isEqualTo(whole.array());
  }

  /**
   * The file as documented: a 1 MiB block repeated, whose word k is splitmix64(k), little-endian;
   * written out longhand.
   */
  private static byte reference(long offset) {
    long z = ((offset % (1 << 20)) / 8 + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (byte) (z >> (8 * (offset % 8)));
  }

  private PlaceholderInfo info(String path) throws Exception {
    return driver.lookup(path);
  }

  private String text(String path) throws Exception {
    return new String(read(path, 0, 1 << 16), StandardCharsets.UTF_8);
  }

  private byte[] read(String path, long offset, int length) throws Exception {
    return driver.read(path, offset, length);
  }

  /** Through a small buffer, so the listing needs several calls and resumes each time. */
  private List<String> list(String directory) throws Exception {
    return Entry.names(driver.list(directory, null, 64));
  }
}
