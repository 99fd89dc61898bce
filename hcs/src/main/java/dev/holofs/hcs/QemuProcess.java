package dev.holofs.hcs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starting a QEMU process and reading what it said: the OS side of {@link QemuSystem}. */
final class QemuProcess {

  private static final Logger LOG = LoggerFactory.getLogger(QemuProcess.class);
  private static final Map<String, String> STATES = Map.of("prelaunch", "Created",
      "running", "Running", "paused", "Paused", "shutdown", "Stopped");

  private QemuProcess() {}

  /**
   * Starts QEMU with its messages in {@code stateDir/qemu.log} (they explain a failed start);
   * with the console on stdio QEMU also reads and writes this process's terminal.
   */
  static Process start(List<String> args, Path stateDir, boolean stdio) throws IOException {
    Path log = stateDir.resolve("qemu.log");
    ProcessBuilder builder = new ProcessBuilder(args);
    if (stdio) {
      builder.redirectInput(ProcessBuilder.Redirect.INHERIT)
          .redirectOutput(ProcessBuilder.Redirect.INHERIT)
          .redirectError(log.toFile());
    } else {
      builder.redirectErrorStream(true).redirectOutput(log.toFile());
    }
    return builder.start();
  }

  /**
   * Connects to QEMU's QMP socket once QEMU listens on it, or fails when QEMU exits or the time is
   * up (QEMU's greeting included). The socket file appears at bind(), a moment before listen(): a
   * connection refused in between is tried again.
   */
  static Qmp connectQmp(Process qemu, Path socket, long timeoutMs, Consumer<JsonNode> events)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (true) {
      if (Files.exists(socket)) {
        try {
          long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
          return Qmp.connect(socket, Math.max(left, 1), events);
        } catch (ConnectException e) {
          LOG.debug("QMP socket {} not listening yet", socket, e);
        }
      }
      if (!qemu.isAlive() || System.nanoTime() > deadline) {
        throw new IOException(qemu.isAlive() ? "no QMP socket after " + timeoutMs + " ms"
            : "QEMU exited with status " + qemu.exitValue());
      }
      Thread.sleep(20);
    }
  }

  /** The first lines of QEMU's messages, as ResultError events. */
  static List<ResultError.ErrorEvent> log(Path stateDir) {
    List<ResultError.ErrorEvent> events = new ArrayList<>();
    Path log = stateDir == null ? null : stateDir.resolve("qemu.log");
    try {
      if (log != null && Files.exists(log)) {
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
          if (!line.isBlank() && events.size() < 20) {
            events.add(new ResultError.ErrorEvent(line, "qemu", 0));
          }
        }
      }
    } catch (IOException e) {
      LOG.debug("no QEMU log in {}", stateDir, e);
    }
    return events;
  }

  /** HCS's name for a {@code query-status} status. */
  static String stateName(String qemuStatus) {
    return STATES.getOrDefault(qemuStatus, qemuStatus);
  }
}
