package dev.holofs.vfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.holofs.spi.Provider;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link OpeningProvider} forwards Provider methods one by one: one that {@link VfsProvider}
 * answers otherwise than the default and that is not forwarded would be lost by every mount made
 * while the source opens (FuseMount reads {@code isImmutable} at mount time, say); one it does not
 * answer would be a forward to nothing.
 */
class OpeningProviderTest {

  @Test
  void exactlyTheProviderMethodsVfsProviderAnswersAreForwarded() {
    for (Method m : Provider.class.getMethods()) {
      assertThat(declares(OpeningProvider.class, m)).as("forwards %s", m)
          .isEqualTo(declares(VfsProvider.class, m));
    }
  }

  @Test
  void waitingForTheOpenGivesUpOnASourceThatNeverAnswers() throws Exception {
    // A server that takes connections (its backlog does) and never answers; http has no timeout
    // of its own, so only the wait's bound, a connect and two silences, ends the wait.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        OpeningProvider provider = VfsProvider.openInBackground(VfsOptions.builder(
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

  private static boolean declares(Class<?> type, Method m) {
    try {
      type.getDeclaredMethod(m.getName(), m.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
