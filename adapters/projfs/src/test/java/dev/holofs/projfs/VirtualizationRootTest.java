package dev.holofs.projfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holofs.Projection;
import dev.holofs.examples.memory.MemoryProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The root's life: marked once with a stable id, refused when it is someone else's, stopped once. */
class VirtualizationRootTest {

  @TempDir Path dir;
  private final MemoryProvider tree = new MemoryProvider().file("a", new byte[1]);

  private ProjFsMount start(FakeProjFs fake, Path root) throws IOException {
    return ProjFsMount.start(fake, Projection.builder(tree).concurrentThreadCount(1)
        .poolThreadCount(2).build(), root, ProjFsMount.MAX_CHUNK);
  }

  @Test
  void anEmptyDirectoryIsMarkedAndServedAgainWithTheSameId() throws Exception {
    FakeProjFs fake = new FakeProjFs(4096);
    Path root = dir.resolve("root");
    Files.createDirectory(root);
    ProjFsMount first = start(fake, root);
    assertThat(fake.isMarked(root.toString())).isTrue();
    first.close();
    first.close();
    assertThat(fake.stops()).isEqualTo(1);

    // ProjFS left files behind (hydrated placeholders): the same root, the same id, served again.
    Files.writeString(root.resolve("a"), "x");
    FakeProjFs restarted = new FakeProjFs(4096);
    restarted.markAs(root.toString(), VirtualizationRoot.instanceId(root));
    ProjFsMount second = start(restarted, root);
    assertThat(FakeIo.await(new FakeIo(restarted).lookup("a"))).isEqualTo(Prj.S_OK);
    second.close();
    assertThat(restarted.violations()).isEmpty();
    assertThat(VirtualizationRoot.instanceId(root.resolve(".")))
        .isEqualTo(VirtualizationRoot.instanceId(root));
  }

  @Test
  void aNonEmptyDirectoryThatIsNotARootIsRefused() throws Exception {
    Path root = dir.resolve("full");
    Files.createDirectories(root.resolve("someone's files"));
    FakeProjFs fake = new FakeProjFs(4096);
    assertThatThrownBy(() -> start(fake, root)).isInstanceOf(IOException.class)
        .hasMessage("not a holofs virtualization root, and " + root + " is not empty");
    assertThat(fake.isMarked(root.toString())).isFalse();
    assertThat(fake.stops()).isZero();
  }

  @Test
  void anotherProvidersRootIsRefusedAndLeftAlone() throws Exception {
    Path root = dir.resolve("theirs");
    Files.createDirectories(root.resolve("placeholder"));
    FakeProjFs fake = new FakeProjFs(4096);
    fake.markForeign(root.toString());
    assertThatThrownBy(() -> start(fake, root)).isInstanceOf(IOException.class)
        .hasMessageStartingWith(root + " is the virtualization root of another provider");
    assertThat(fake.stops()).isEqualTo(1); // started to learn its id, then stopped at once
  }

  @Test
  void aFileIsNotARoot() throws Exception {
    Path file = Files.writeString(dir.resolve("f"), "x");
    assertThatThrownBy(() -> start(new FakeProjFs(4096), file)).hasMessage(file + " is not a directory");
    assertThatThrownBy(() -> start(new FakeProjFs(4096), dir.resolve("missing")))
        .hasMessage(dir.resolve("missing") + " does not exist");
  }
}
