package dev.holofs.examples.asyncenum;

import dev.holofs.spi.Provider;
import dev.holofs.testkit.ExpectedTree;
import dev.holofs.testkit.ProviderConformanceTest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The async sample passes the conformance suite. */
class AsyncEnumerationProviderConformanceTest extends ProviderConformanceTest {

  static Map<String, byte[]> files() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("readme.txt", "read me\n".getBytes(StandardCharsets.UTF_8));
    files.put("Zebra", new byte[] {1, 2, 3});
    files.put("docs/a.md", "a".getBytes(StandardCharsets.UTF_8));
    files.put("docs/B.md", "b".getBytes(StandardCharsets.UTF_8));
    files.put("docs/deep/x", new byte[70_000]);
    for (int i = 0; i < 120; i++) {
      files.put("list/e" + i + (i % 2 == 0 ? ".txt" : ".bin"), ("entry " + i).getBytes(StandardCharsets.UTF_8));
    }
    return files;
  }

  @Override
  protected Provider createProvider() {
    return new AsyncEnumerationProvider(files());
  }

  @Override
  protected ExpectedTree expectedTree() {
    ExpectedTree.Builder tree = ExpectedTree.builder();
    files().forEach(tree::file);
    return tree.build();
  }
}
