package dev.holofs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the command says on Windows, in a JVM that reports Windows as its OS (no ProjFS can load
 * here, as on a Windows machine without the optional feature).
 */
class WindowsCommandsTest {

  private static final List<String> WINDOWS = List.of("-Dos.name=Windows 11");

  @TempDir
  Path dir;

  @Test
  void unmountExplainsThatTheServingProcessStopsARoot() throws Exception {
    Path root = Files.createDirectory(dir.resolve("root"));
    Child child = Child.start(dir, WINDOWS, "unmount", root.toString());
    assertThat(child.waitFor()).isEqualTo(1);
    assertThat(child.err()).isEqualTo("holofs: on Windows there is nothing to unmount: stop the"
        + " holofs process serving " + root.toRealPath() + " (Ctrl-C in its window); ProjFS then"
        + " stops virtualizing it, and files already read stay in it as plain files\n");
  }

  @Test
  void mountWithoutProjFsSaysHowToEnableIt() throws Exception {
    Path root = Files.createDirectory(dir.resolve("root"));
    Child child = Child.start(dir, WINDOWS, "mount", "demo:", root.toString());
    assertThat(child.waitFor()).isEqualTo(1);
    assertThat(child.err().lines()).hasSize(1);
    assertThat(child.err()).startsWith("holofs: no platform can project here; ")
        .contains("FUSE: FUSE mounts need Linux; this is Windows 11")
        .contains("ProjFS: ProjectedFSLib.dll cannot be loaded; enable ProjFS (as administrator, "
            + "in PowerShell: Enable-WindowsOptionalFeature -Online -FeatureName Client-ProjFS)");
  }
}
