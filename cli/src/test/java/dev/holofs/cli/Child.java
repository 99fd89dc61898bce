package dev.holofs.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The holofs command run as a separate JVM, as {@code java -jar holofs.jar} would run it (tests run
 * before the jar is packaged, so the main class runs on the test class path). Output goes to files,
 * so a test can read what was printed so far.
 */
final class Child {

  final Process process;
  private final Path out;
  private final Path err;

  private Child(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  static Child start(Path logDir, String... args) throws IOException {
    return start(logDir, List.of(), args);
  }

  /** The same, with {@code jvmOptions} (system properties, say) before the main class. */
  static Child start(Path logDir, List<String> jvmOptions, String... args) throws IOException {
    return start(logDir, java.util.Map.of(), jvmOptions, args);
  }

  /** The same, with {@code env} added to this process's environment. */
  static Child start(Path logDir, java.util.Map<String, String> env, List<String> jvmOptions,
      String... args) throws IOException {
    // perl restores SIGINT's default first: a JVM started with it ignored (a background job of a
    // non-interactive shell, as CI may be) keeps it ignored, and the SIGINT test would mean nothing.
    List<String> command = new ArrayList<>(List.of(
        "perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\"", "--",
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(logDir, "holofs", ".out");
    Path err = Files.createTempFile(logDir, "holofs", ".err");
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    Process process = builder
        .redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    return new Child(process, out, err);
  }

  /** Runs to the end (at most a minute) and returns the exit status. */
  int waitFor() throws InterruptedException, IOException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("holofs did not exit within 60 s; stderr: " + err());
    }
    return process.exitValue();
  }

  String out() throws IOException {
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  String err() throws IOException {
    return Files.readString(err, StandardCharsets.UTF_8);
  }

  long pid() {
    return process.pid();
  }

  /** Kills it if still running: a test's last resort. */
  void kill() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
