package dev.holofs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.cli.Cli.Run;
import org.junit.jupiter.api.Test;

/** holofs vm run's command line: help that says how to get a guest, one-line errors. */
class VmRunCommandTest {

  @Test
  void helpSaysHowToBuildTheGuest() {
    Run run = Cli.run("vm", "run", "--help");
    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("--share", "NAME=SOURCE", "/mnt/NAME", "build-guest.sh");
  }

  @Test
  void vmWithoutSubcommand() {
    assertOneLineError(Cli.run("vm"), 2, "missing command: run");
  }

  @Test
  void badOptionsAreOneLineErrors() {
    assertOneLineError(Cli.run("vm", "run", "--share", "nameless", "--", "true"), 1,
        "--share wants NAME=SOURCE, not 'nameless'");
    assertOneLineError(Cli.run("vm", "run", "--share", "a=demo:", "--share", "a=demo:"), 1,
        "--share a given twice");
    assertOneLineError(Cli.run("vm", "run", "--memory", "8"), 1, "--memory must be at least 64");
    assertOneLineError(Cli.run("vm", "run", "--cpus", "0"), 1, "--cpus must be at least 1");
  }

  private static void assertOneLineError(Run run, int status, String fragment) {
    assertThat(run.status()).as("status; stderr: %s", run.err()).isEqualTo(status);
    assertThat(run.err()).startsWith("holofs: ").contains(fragment).doesNotContain("\tat ");
    assertThat(run.err().strip().lines()).hasSize(1);
  }
}
