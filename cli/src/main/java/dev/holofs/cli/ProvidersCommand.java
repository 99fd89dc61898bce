package dev.holofs.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code holofs providers}: the bundled SOURCE types, one line each. */
@Command(name = "providers", mixinStandardHelpOptions = true,
    description = "Lists the sources holofs can mount, one line each.")
final class ProvidersCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    for (SourceType type : Sources.bundled().types()) {
      out.printf("%-10s %s%n", type.usage(), type.summary());
    }
    out.flush();
    return 0;
  }
}
