package dev.holofs.projfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holofs.examples.memory.MemoryProvider;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider's changes reach ProjFS as PrjUpdateFileIfNeeded / PrjDeleteFile. */
class UpdateAndDeleteTest {

  @TempDir Path root;
  private FakeMount mounted;

  @BeforeEach
  void mount() throws Exception {
    mounted = FakeMount.start(new MemoryProvider().file("d/a.txt", new byte[5])
        .file("d/b.txt", new byte[2]), root, 1, 2);
    assertThat(FakeIo.await(mounted.io.lookup("d\\a.txt"))).isEqualTo(Prj.S_OK);
  }

  @AfterEach
  void unmount() {
    mounted.close();
    assertThat(mounted.fake.violations()).isEmpty();
  }

  @Test
  void anUpdatedItemGetsItsNewPlaceholder() throws Exception {
    mounted.mount.updateFileIfNeeded(ProjectedPath.of("d/a.txt"), PlaceholderInfo.file(42).build());
    assertThat(mounted.fake.state.placeholders.get("d\\a.txt").size()).isEqualTo(42);
    // Not on disk: nothing to update, but ProjFS may remember the name as missing.
    mounted.mount.updateFileIfNeeded(ProjectedPath.of("d/new.txt"), PlaceholderInfo.file(1).build());
    assertThat(mounted.fake.negativeCacheClears()).isEqualTo(1);
  }

  @Test
  void aRefusedUpdateSaysWhy() {
    mounted.fake.state.placeholders.computeIfPresent("d\\a.txt", (k, p) -> p.dirtied());
    assertThatThrownBy(() -> mounted.mount.updateFileIfNeeded(ProjectedPath.of("d/a.txt"),
        PlaceholderInfo.file(1).build())).isInstanceOf(IOException.class)
        .hasMessage("cannot update d/a.txt: 0x80070181 (its data was changed on disk)");
    assertThatThrownBy(() -> mounted.mount.deleteFile(ProjectedPath.of("d/a.txt")))
        .hasMessage("cannot delete d/a.txt: 0x80070181 (its data was changed on disk)");
  }

  @Test
  void aDeletedItemLeavesTheDisk() throws Exception {
    mounted.mount.deleteFile(ProjectedPath.of("d/a.txt"));
    assertThat(mounted.fake.state.placeholders).doesNotContainKey("d\\a.txt");
    mounted.mount.deleteFile(ProjectedPath.of("d/b.txt")); // never on disk: nothing to do
    assertThatThrownBy(() -> mounted.mount.deleteFile(ProjectedPath.ROOT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void changesAfterCloseAreRefused() {
    mounted.close();
    assertThatThrownBy(() -> mounted.mount.deleteFile(ProjectedPath.of("d/a.txt")))
        .isInstanceOf(IOException.class).hasMessageContaining("is not mounted any more");
  }
}
