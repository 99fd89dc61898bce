package dev.holofs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code holofs vm}: virtual machines with projected shares; only {@code run} so far. */
@Command(name = "vm", mixinStandardHelpOptions = true,
    description = "Boots a small Linux guest with sources projected into it.",
    subcommands = {VmRunCommand.class})
final class VmCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: run");
  }
}
