package dev.holofs.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.function.Supplier;
import picocli.CommandLine;

/** Runs the command line in-process, capturing what it prints and its exit status. */
final class Cli {

  /** What one run printed and returned. */
  record Run(int status, String out, String err) {}

  private Cli() {}

  static Run run(String... args) {
    return run(CommandLine.defaultFactory(), args);
  }

  /** Runs with FUSE's availability decided by {@code fuseUnavailability} (null: available). */
  static Run runWithFuse(Supplier<String> fuseUnavailability, String... args) {
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        return cls == MountCommand.class
            ? cls.cast(new MountCommand(fuseUnavailability)) : defaults.create(cls);
      }
    };
    return run(factory, args);
  }

  /** The {@code mount} command as picocli reads {@code args}, not run. */
  static MountCommand parsedMount(String... args) {
    PrintWriter none = new PrintWriter(Writer.nullWriter());
    CommandLine line = Main.commandLine(CommandLine.defaultFactory(), none, none);
    line.parseArgs(args);
    return line.getSubcommands().get("mount").getCommand();
  }

  static Run run(CommandLine.IFactory factory, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.commandLine(factory, new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
    return new Run(status, out.toString(), err.toString());
  }
}
