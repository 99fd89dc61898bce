package dev.holofs.projfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holofs.Mount;
import dev.holofs.Projection;
import dev.holofs.spi.Collation;
import dev.holofs.testkit.PlatformConformanceTest;
import dev.holofs.testkit.TreeProvider;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform suite against the ProjFS adapter, with the fake ProjFS playing Windows: the suite's
 * java.nio.file calls go to a file system ({@link FakeFileSystemProvider}) that does what ProjFS
 * would do for them — lookups, directory queries, hydration, cancellation of abandoned reads,
 * pre-operation notifications — through the adapter's real callbacks.
 */
@ExtendWith(ProjFsPlatformConformanceTest.NotOnProjFs.class)
class ProjFsPlatformConformanceTest extends PlatformConformanceTest {

  private final Map<Mount, FakeFileSystem> fileSystems = new ConcurrentHashMap<>();

  @Override
  protected void assumePlatform() {
    // The fake runs everywhere.
  }

  @Override
  protected Mount mount(Projection projection, Path directory) throws IOException {
    FakeProjFs fake = new FakeProjFs(4096);
    ProjFsMount mount = ProjFsMount.start(fake, projection, directory, ProjFsMount.MAX_CHUNK);
    fileSystems.put(mount, new FakeFileSystem(new FakeVolume(fake)));
    return mount;
  }

  @Override
  protected Path root(Mount mount) {
    return fileSystems.get(mount).root();
  }

  @Override
  protected Collation collation() {
    return Collation.WINDOWS;
  }

  @Override
  protected void assertUnmounted(Mount mount, Path directory) throws IOException {
    super.assertUnmounted(mount, directory);
    FakeFileSystem fs = fileSystems.remove(mount);
    if (fs != null) {
      assertThat(fs.volume.fake().violations()).isEmpty();
      assertThat(fs.volume.fake().stops()).isEqualTo(1);
      assertThat(fs.volume.fake().liveAlignedBuffers()).isZero();
    }
  }

  /** What ProjFS can refuse of a write: the provider says no before it happens. */
  @Test
  void refusesWritesDeletesAndRenamesOfProjectedItems(@TempDir Path temp) throws Exception {
    Path directory = Files.createDirectory(temp.resolve("mnt"));
    try (Mount mount = mount(Projection.builder(new TreeProvider(collation())
        .file("a.txt", "a\n").dir("d").file("d/b.txt", "b\n")).build(), directory)) {
      Path root = root(mount);
      assertThatThrownBy(() -> Files.writeString(root.resolve("a.txt"), "x"))
          .isInstanceOf(AccessDeniedException.class);
      assertThatThrownBy(() -> Files.delete(root.resolve("d/b.txt")))
          .isInstanceOf(AccessDeniedException.class);
      assertThatThrownBy(() -> Files.move(root.resolve("a.txt"), root.resolve("moved.txt")))
          .isInstanceOf(AccessDeniedException.class);
      assertThat(Files.readString(root.resolve("a.txt"))).isEqualTo("a\n");
      assertThat(Files.readString(root.resolve("d/b.txt"))).isEqualTo("b\n");
    }
  }

  /**
   * Turns off the suite's checks ProjFS cannot pass by design, each with its reason. ProjFS lets
   * anyone create new files and directories under a root: its NEW_FILE_CREATED notification comes
   * after the fact and cannot refuse (writes, deletes and renames of projected items it can
   * refuse, and does: {@link #refusesWritesDeletesAndRenamesOfProjectedItems}).
   */
  static final class NotOnProjFs implements ExecutionCondition {
    private static final Map<String, String> REASONS = Map.of("writesAreRefusedAndChangeNothing",
        "ProjFS cannot refuse new files or directories under a virtualization root "
            + "(NEW_FILE_CREATED is a post-operation notification)");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      String reason = context.getTestMethod().map(m -> REASONS.get(m.getName())).orElse(null);
      return reason == null ? ConditionEvaluationResult.enabled("runs on ProjFS")
          : ConditionEvaluationResult.disabled(reason);
    }
  }
}
