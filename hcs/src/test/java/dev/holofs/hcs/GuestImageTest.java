package dev.holofs.hcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class GuestImageTest {

  @Test
  void theCommandTravelsEncodedOnTheKernelCommandLine() {
    String command = "sha256sum '/mnt/demo/a b.txt' && echo \"done\"";
    String line = GuestImage.kernelCmdLine(command);
    String encoded = line.substring(line.indexOf("holofs.cmd=") + "holofs.cmd=".length());
    assertThat(encoded).doesNotContain(" ");
    assertThat(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8))
        .isEqualTo(command);
    assertThat(GuestImage.kernelCmdLine(null)).startsWith("console=ttyS0").doesNotContain("holofs.cmd");
  }

  @Test
  void aCommandTooLongForTheKernelIsRefused() {
    assertThatThrownBy(() -> GuestImage.kernelCmdLine("echo " + "x".repeat(1600)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too long for the kernel command line");
  }
}
