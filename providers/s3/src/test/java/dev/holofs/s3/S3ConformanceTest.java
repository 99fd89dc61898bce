package dev.holofs.s3;

import dev.holofs.spi.Provider;
import dev.holofs.testkit.ExpectedTree;
import dev.holofs.testkit.ProviderConformanceTest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The testkit's conformance suite over a bucket prefix on a real S3 server: pages of 3 keys, names
 * around {@code /} in byte order ({@code docs-old.txt}, {@code docs.md} sort before {@code docs/}
 * in S3 but after {@code docs} as names), a 3 MiB object read at random offsets, an empty
 * directory marker, an empty object and non-ASCII names.
 */
class S3ConformanceTest extends ProviderConformanceTest {

  static final String BUCKET = "conformance";
  private static final Map<String, byte[]> FILES = new LinkedHashMap<>();

  static synchronized void fill() throws Exception {
    if (!FILES.isEmpty()) {
      return;
    }
    byte[] big = new byte[3 << 20];
    new Random(7).nextBytes(big);
    FILES.put("README", "read me\n".getBytes(StandardCharsets.UTF_8));
    FILES.put("docs/guide.txt", "a guide ".repeat(5000).getBytes(StandardCharsets.UTF_8));
    FILES.put("docs-old.txt", "old\n".getBytes(StandardCharsets.UTF_8));
    FILES.put("docs.md", "# docs\n".getBytes(StandardCharsets.UTF_8));
    FILES.put("docs/Ünïcödé – naïve.md", "# unicode\n".getBytes(StandardCharsets.UTF_8));
    FILES.put("docs/deep/er/still/leaf.bin", big);
    FILES.put("empty.dat", new byte[0]);
    FILES.put("src/Main.java", "class Main {}\n".getBytes(StandardCharsets.UTF_8));
    FILES.put("src/a", new byte[] {1});
    FILES.put("src/B", new byte[] {2});
    FILES.put("src/_", new byte[] {3});
    FILES.put("src/a b", new byte[] {4});
    FILES.put("src/a.b/c", new byte[] {5});
    S3Proxy s3 = S3Proxy.get();
    s3.createBucket(BUCKET);
    Map<String, byte[]> objects = new LinkedHashMap<>();
    FILES.forEach((k, v) -> objects.put("root/" + k, v));
    objects.put("root/empty-dir/", new byte[0]);
    objects.put("outside/not-projected.txt", new byte[] {9});
    s3.putAll(BUCKET, objects);
  }

  @Override
  protected Provider createProvider() throws Exception {
    fill();
    return S3Provider.open(S3Proxy.get().options(BUCKET, "root").withPageSize(3)
        .withReadAheadBudget(8 << 20));
  }

  @Override
  protected ExpectedTree expectedTree() throws Exception {
    fill();
    ExpectedTree.Builder b = ExpectedTree.builder();
    FILES.forEach(b::file);
    return b.directory("empty-dir").build();
  }
}
