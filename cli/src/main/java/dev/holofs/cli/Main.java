package dev.holofs.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The {@code holofs} command: {@code holofs mount SOURCE MOUNTPOINT}, {@code holofs unmount
 * MOUNTPOINT}, {@code holofs providers}. Every failure is one line on stderr starting with
 * {@code holofs: } and a non-zero exit status (2 for a wrong command line, 1 otherwise).
 */
public final class Main {

  private Main() {}

  /** Runs the command and exits with its status. */
  public static void main(String[] args) {
    EarlyArgs early = EarlyArgs.read(args); // read once, for all the work done before picocli
    EarlyStart.begin(args, early);
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int status;
    try {
      status = PlainMount.applies(early) ? PlainMount.run(early, out, err)
          : commandLine(CommandLine.defaultFactory(), out, err).execute(args);
    } catch (Throwable t) { // an Error the handlers do not see (out of memory, say): still one line
      err.println("holofs: " + Failures.oneLine(t));
      status = 1;
    }
    out.flush();
    err.flush();
    System.exit(status);
  }

  /** The command line, wired to print every failure as one line on {@code err}. */
  static CommandLine commandLine(CommandLine.IFactory factory, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(HolofsCommand.class, factory);
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler((e, args) -> wrongCommandLine(e));
    cl.setExecutionExceptionHandler((e, c, parsed) -> failed(e, c));
    return cl;
  }

  /** Says what is wrong with the command line, in one line; returns the exit status. */
  static int wrongCommandLine(CommandLine.ParameterException e) {
    CommandLine c = e.getCommandLine();
    c.getErr().println("holofs: " + Failures.firstLine(String.valueOf(e.getMessage()))
        + " (see " + c.getCommandSpec().qualifiedName() + " --help)");
    c.getErr().flush();
    return c.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** Says why command {@code c} failed, in one line; returns the exit status. */
  static int failed(Exception e, CommandLine c) {
    c.getErr().println("holofs: " + Failures.oneLine(e));
    if (Failures.debug()) {
      e.printStackTrace(c.getErr());
    }
    c.getErr().flush();
    return c.getCommandSpec().exitCodeOnExecutionException();
  }
}
