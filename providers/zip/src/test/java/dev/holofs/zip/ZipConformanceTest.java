package dev.holofs.zip;

import dev.holofs.spi.Provider;
import dev.holofs.testkit.ExpectedTree;
import dev.holofs.testkit.ProviderConformanceTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * The testkit's conformance suite on an archive with stored, deflated (3 MiB, read at random
 * offsets) and empty entries, implied and explicit directories, non-ASCII names and a symlink.
 */
class ZipConformanceTest extends ProviderConformanceTest {

  private static Path dir;
  private static Path zip;
  private static final Map<String, byte[]> FILES = new LinkedHashMap<>();

  static synchronized Path archive() throws IOException {
    if (zip == null) {
      dir = Files.createTempDirectory("holofs-zip-conformance");
      FILES.put("README", "read me\n".getBytes(StandardCharsets.UTF_8));
      FILES.put("docs/guide.txt", "a guide ".repeat(5000).getBytes(StandardCharsets.UTF_8));
      FILES.put("docs/Ünïcödé – naïve.md", "# unicode\n".getBytes(StandardCharsets.UTF_8));
      FILES.put("docs/deep/er/still/leaf.bin", DeflatedReadTest.content(3 << 20, 11));
      FILES.put("empty.dat", new byte[0]);
      FILES.put("src/Main.java", "class Main {}\n".getBytes(StandardCharsets.UTF_8));
      FILES.put("src/a", new byte[] {1});
      FILES.put("src/B", new byte[] {2});
      FILES.put("src/_", new byte[] {3});
      HandZip z = new HandZip();
      boolean stored = false;
      for (Map.Entry<String, byte[]> e : FILES.entrySet()) {
        HandZip.Entry entry = stored ? z.stored(e.getKey(), e.getValue()) : z.deflated(e.getKey(), e.getValue());
        entry.flags = 0x800;
        stored = !stored;
      }
      z.stored("empty-dir/", new byte[0]);
      z.deflated("src/link", "Main.java".getBytes(StandardCharsets.UTF_8)).unix(0120777);
      zip = z.write(dir.resolve("conformance.zip"));
    }
    return zip;
  }

  @AfterAll
  static void clean() throws IOException {
    if (zip != null) {
      Files.deleteIfExists(zip);
      Files.deleteIfExists(dir);
      zip = null;
    }
  }

  @Override
  protected Provider createProvider() throws Exception {
    return ZipProvider.open(archive(), ZipOptions.defaults().withChunkSize(64 << 10)
        .withCheckpointInterval(128 << 10));
  }

  @Override
  protected ExpectedTree expectedTree() throws Exception {
    archive();
    ExpectedTree.Builder b = ExpectedTree.builder();
    FILES.forEach(b::file);
    return b.directory("empty-dir").symlink("src/link", "Main.java").build();
  }
}
