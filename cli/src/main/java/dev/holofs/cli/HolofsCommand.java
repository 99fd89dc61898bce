package dev.holofs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level {@code holofs} command: only its subcommands do anything. */
@Command(name = "holofs", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Projects a source (a zip archive, a generated demo tree, ...) as a read-only "
        + "directory through FUSE.",
    subcommands = {MountCommand.class, UnmountCommand.class, ProvidersCommand.class,
        VmCommand.class},
    footer = {"", "Example: holofs mount demo: /tmp/holofs-demo   (Ctrl-C unmounts)"})
final class HolofsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(),
        "missing command: mount, unmount, providers or vm");
  }
}
