package dev.holofs.examples.memory;

import dev.holofs.spi.Provider;
import dev.holofs.testkit.ExpectedTree;
import dev.holofs.testkit.ProviderConformanceTest;
import java.nio.charset.StandardCharsets;

/** MemoryProvider passes the conformance suite, generated contents included. */
class MemoryProviderConformanceTest extends ProviderConformanceTest {

  static final int BIG = 3 * 1024 * 1024 + 17;
  /** A whole number of the driver's reads: the last read returns nothing. */
  static final int EXACT = 2 * dev.holofs.testkit.Driver.READ_SIZE;

  /** Byte {@code i} of the generated file: not periodic in any power of two. */
  static byte generated(long i) {
    return (byte) (i * 31 + (i >>> 9) * 7);
  }

  static final ContentSource GENERATED = (offset, dst) -> {
    for (long i = offset; dst.hasRemaining(); i++) {
      dst.put(generated(i));
    }
  };

  static byte[] generatedBytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = generated(i);
    }
    return b;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected Provider createProvider() {
    MemoryProvider p = new MemoryProvider()
        .file("hello.txt", utf8("hello\n"))
        .file("empty", new byte[0])
        .file("docs/README.md", utf8("# readme\n"))
        .file("docs/a.txt", utf8("a"))
        .file("docs/B.txt", utf8("B"))
        .file("docs/_under", utf8("_"))
        .file("docs/été.txt", utf8("summer"))
        .file("deep/er/and/deeper/leaf", utf8("leaf"))
        .directory("empty-dir")
        .symlink("link", "hello.txt")
        .file("big.bin", BIG, GENERATED)
        .file("exact.bin", EXACT, GENERATED);
    for (int i = 0; i < 250; i++) {
      p.file("many/item-" + i, utf8(Integer.toString(i)));
    }
    return p;
  }

  @Override
  protected ExpectedTree expectedTree() {
    ExpectedTree.Builder t = ExpectedTree.builder()
        .file("hello.txt", utf8("hello\n"))
        .file("empty", new byte[0])
        .file("docs/README.md", utf8("# readme\n"))
        .file("docs/a.txt", utf8("a"))
        .file("docs/B.txt", utf8("B"))
        .file("docs/_under", utf8("_"))
        .file("docs/été.txt", utf8("summer"))
        .file("deep/er/and/deeper/leaf", utf8("leaf"))
        .directory("empty-dir")
        .symlink("link", "hello.txt")
        .file("big.bin", BIG, ExpectedTree.sha256(generatedBytes(BIG)))
        .file("exact.bin", generatedBytes(EXACT));
    for (int i = 0; i < 250; i++) {
      t.file("many/item-" + i, utf8(Integer.toString(i)));
    }
    return t.build();
  }
}
