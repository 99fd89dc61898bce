package dev.holofs.hcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QemuProcessTest {

  @TempDir Path dir;

  /** Binds the socket, waits, then listens: the window QEMU has between the two at start-up. */
  private static final String LATE_LISTENER = String.join("\n",
      "import socket, sys, time",
      "s = socket.socket(socket.AF_UNIX)",
      "s.bind(sys.argv[1])",
      "time.sleep(0.5)",
      "s.listen(1)",
      "c, _ = s.accept()",
      "c.sendall(b'{\"QMP\": {\"version\": {}}}\\n')",
      "c.recv(1)");

  @Test
  void aSocketNotYetListenedOnIsTriedAgain() throws Exception {
    Path socket = dir.resolve("qmp.sock");
    Process qemu = new ProcessBuilder("python3", "-c", LATE_LISTENER, socket.toString())
        .inheritIO().start();
    try {
      try (Qmp qmp = QemuProcess.connectQmp(qemu, socket, 60_000, event -> { })) {
        assertThat(Files.exists(socket)).isTrue();
      }
    } finally {
      qemu.destroyForcibly().waitFor();
    }
  }

  @Test
  void aListenerThatNeverGreetsFailsTheConnectionWhenTheTimeIsUp() throws Exception {
    Path socket = dir.resolve("qmp.sock");
    Process qemu = new ProcessBuilder("sleep", "600").start(); // alive, as a hung QEMU would be
    // Listens and accepts (the backlog does), then says nothing.
    try (ServerSocketChannel silent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      silent.bind(UnixDomainSocketAddress.of(socket));
      assertThatThrownBy(() -> QemuProcess.connectQmp(qemu, socket, 3_000, event -> { }))
          .isInstanceOf(IOException.class).hasMessageStartingWith("no QMP greeting within");
    } finally {
      qemu.destroyForcibly().waitFor();
    }
  }

  @Test
  void aProcessThatExitsBeforeListeningFailsTheConnection() throws Exception {
    Process qemu = new ProcessBuilder("sh", "-c", "exit 3").start();
    qemu.waitFor();
    assertThatThrownBy(() -> QemuProcess.connectQmp(qemu, dir.resolve("qmp.sock"), 60_000,
        event -> { }))
        .isInstanceOf(IOException.class).hasMessage("QEMU exited with status 3");
  }
}
