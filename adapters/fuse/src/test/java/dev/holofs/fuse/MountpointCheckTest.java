package dev.holofs.fuse;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mountpoint that cannot be looked up is not called missing. */
class MountpointCheckTest {

  @TempDir
  Path dir;

  @Test
  void namesTooLongAreNotCalledMissing() {
    assertThatThrownBy(() -> Mounter.checkMountpoint(dir.resolve("n".repeat(300))))
        .isInstanceOf(IOException.class).hasMessageEndingWith(": file name too long");
    assertThatThrownBy(() -> Mounter.checkMountpoint(dir.resolve("d/".repeat(2100))))
        .isInstanceOf(IOException.class).hasMessageEndingWith(": file name too long");
    assertThatThrownBy(() -> Mounter.checkMountpoint(dir.resolve("absent")))
        .isInstanceOf(IOException.class).hasMessageEndingWith("absent does not exist");
  }
}
