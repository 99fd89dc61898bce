package dev.holofs.cli;

import dev.holofs.Projection;
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
    if (args.length > 0 && args[0].equals("mount")) {
      // Loading the FUSE adapter and its native library (JNA) takes about as long as picocli's
      // reading of the commands' annotations, and neither needs the other: on another core, at
      // the same time. The mount's own check then finds them loaded.
      Thread warmUp = new Thread(() -> {
        try {
          Projection.unavailabilityCause();
        } catch (Throwable ignored) {
          // the mount's own check meets it again and reports it
        }
      }, "holofs-warm-up");
      warmUp.setDaemon(true);
      warmUp.start();
    }
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int status;
    try {
      status = commandLine(CommandLine.defaultFactory(), out, err).execute(args);
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
    cl.setParameterExceptionHandler((e, args) -> {
      CommandLine c = e.getCommandLine();
      c.getErr().println("holofs: " + Failures.firstLine(String.valueOf(e.getMessage()))
          + " (see " + c.getCommandSpec().qualifiedName() + " --help)");
      c.getErr().flush();
      return c.getCommandSpec().exitCodeOnInvalidInput();
    });
    cl.setExecutionExceptionHandler((e, c, parsed) -> {
      c.getErr().println("holofs: " + Failures.oneLine(e));
      if (Failures.debug()) {
        e.printStackTrace(c.getErr());
      }
      c.getErr().flush();
      return c.getCommandSpec().exitCodeOnExecutionException();
    });
    return cl;
  }
}
