package dev.holofs.vfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.holofs.spi.OpeningProvider;
import dev.holofs.testkit.Driver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The bound a vfs source's opening waits (a connect and two silences), and the reason a failed
 * open gives: the waiting rule itself is core's OpeningProviderTest.
 */
class OpenInBackgroundTest {

  @Test
  void aSourceThatCannotBeOpenedFailsItsRequestsWithTheReasonAndNoPassword() throws Exception {
    // A bound socket that does not listen: connections to its port are refused, and no other
    // listener can take the port meanwhile.
    try (Socket refusing = new Socket()) {
      refusing.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int closed = refusing.getLocalPort();
      String uri = "sftp://" + SftpServer.USER + ":secret@127.0.0.1:" + closed + "/tree";
      try (OpeningProvider<VfsProvider> provider =
              VfsProvider.openInBackground(VfsOptions.builder(uri).build());
          Driver driver = Driver.of(provider)) {
        assertThatThrownBy(provider::awaitOpened).isInstanceOf(IOException.class)
            .hasMessageContaining("127.0.0.1:" + closed).hasMessageContaining("Connection refused")
            .hasMessageNotContaining("secret");
        Throwable request = catchThrowable(() -> driver.lookup("a"));
        assertThat(request).as("a request fails with the same reason").isInstanceOf(IOException.class)
            .hasMessageContaining("127.0.0.1:" + closed).hasMessageContaining("Connection refused")
            .hasMessageNotContaining("secret");
      }
    }
  }

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
