package dev.holofs.vfs;

import dev.holofs.spi.Provider;
import dev.holofs.testkit.ExpectedTree;
import dev.holofs.testkit.ProviderConformanceTest;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The conformance suite over a gzipped tar built in the test ({@code tgz:} scheme, no random access). */
class TarConformanceTest extends ProviderConformanceTest {

  @TempDir
  static Path work;
  static Path archive;

  @BeforeAll
  static void build() throws Exception {
    archive = Archives.tar(work.resolve("tree.tgz"), true);
  }

  @Override
  protected Provider createProvider() throws Exception {
    return VfsProvider.open(VfsOptions.builder("tgz:" + archive.toUri() + "!/").build());
  }

  @Override
  protected ExpectedTree expectedTree() {
    return Trees.expected();
  }
}
