package dev.holofs.vfs;

import dev.holofs.testkit.ExpectedTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** The small tree the tests serve: nested folders, odd names, empty and multi-chunk files. */
final class Trees {

  private Trees() {}

  /** Files by path; directories implied, plus {@code empty/}. */
  static Map<String, byte[]> files() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("readme.txt", "hello from holofs\n".getBytes(StandardCharsets.UTF_8));
    files.put("docs/a b.txt", "spaces in names\n".getBytes(StandardCharsets.UTF_8));
    files.put("docs/100% caf\u00e9.txt", "percent and unicode\n".getBytes(StandardCharsets.UTF_8));
    files.put("docs/deep/er/leaf.bin", random(5_000, 1));
    files.put("empty.txt", new byte[0]);
    files.put("Upper.TXT", "case\n".getBytes(StandardCharsets.UTF_8));
    files.put("data/big.bin", random(700_000, 2));
    return files;
  }

  static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    return bytes;
  }

  /** Writes the tree under {@code root}. */
  static void write(Path root) throws IOException {
    for (Map.Entry<String, byte[]> e : files().entrySet()) {
      Path file = root.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.write(file, e.getValue());
    }
    Files.createDirectories(root.resolve("empty"));
  }

  /** The tree as the conformance suite expects it. */
  static ExpectedTree expected() {
    ExpectedTree.Builder b = ExpectedTree.builder();
    files().forEach(b::file);
    return b.directory("empty").build();
  }
}
