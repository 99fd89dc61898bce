package dev.holofs.vfs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.holofs.spi.OpeningProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The bound a vfs source's opening waits (a connect and two silences): the waiting rule itself is
 * core's OpeningProviderTest.
 */
class OpenInBackgroundTest {

  @Test
  void waitingForTheOpenGivesUpOnASourceThatNeverAnswers() throws Exception {
    // A server that takes connections (its backlog does) and never answers; http has no timeout
    // of its own, so only the wait's bound, a connect and two silences, ends the wait.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        OpeningProvider<VfsProvider> provider = VfsProvider.openInBackground(VfsOptions.builder(
                "http://127.0.0.1:" + silent.getLocalPort() + "/data.bin")
            .connectTimeout(Duration.ofSeconds(1)).silenceTimeout(Duration.ofSeconds(1)).build())) {
      // The bound only stops a wait for ever from hanging the build.
      assertThatThrownBy(() -> assertTimeoutPreemptively(Duration.ofMinutes(2),
              provider::awaitOpened))
          .isInstanceOf(IOException.class)
          .hasMessage("http://127.0.0.1:" + silent.getLocalPort()
              + "/data.bin: did not answer in time (still opening after 3 s)");
    }
  }
}
