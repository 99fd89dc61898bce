package dev.holofs.projfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.holofs.Projection;
import dev.holofs.examples.memory.MemoryProvider;
import dev.holofs.platform.Platform;
import dev.holofs.spi.Collation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ProjFS as a platform: found by ServiceLoader, Windows order, and a clear cause elsewhere. */
class ProjFsPlatformTest {

  @Test
  void isRegisteredAndNeedsWindowsOrder() {
    assertThat(ServiceLoader.load(Platform.class).stream().map(ServiceLoader.Provider::type))
        .contains(ProjFsPlatform.class);
    ProjFsPlatform platform = new ProjFsPlatform();
    assertThat(platform.name()).isEqualTo("ProjFS");
    assertThat(platform.requiredCollation()).isEqualTo(Collation.WINDOWS);
  }

  @Test
  void saysWhyItCannotRunOffWindows(@TempDir Path dir) {
    String os = System.getProperty("os.name");
    ProjFsPlatform platform = new ProjFsPlatform();
    assumeFalse(os.startsWith("Windows"), "on Windows the cause depends on the optional feature");
    assertThat(platform.unavailabilityCause()).isEqualTo("ProjFS needs Windows; this is " + os);
    assertThatThrownBy(() -> platform.mount(
        Projection.builder(new MemoryProvider()).build(), dir))
        .isInstanceOf(IOException.class).hasMessage("ProjFS needs Windows; this is " + os);
  }
}
