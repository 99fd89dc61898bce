package dev.holofs.cli;

import dev.holofs.Projection;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.ParameterException;

/**
 * {@code holofs mount SOURCE MOUNTPOINT} with no option, the common command line, run without
 * picocli: building its model of the commands took longer than the rest of the start-up until the
 * mount is listable (it reads every annotation by reflection, and its class files, too old for
 * the class-data archive, are loaded and verified anew at every start). Anything else, a
 * {@code --help} or an option, goes through picocli, and so do the errors: they read the same.
 */
final class PlainMount {

  private PlainMount() {}

  /**
   * Whether {@code args} are {@code mount SOURCE MOUNTPOINT}, neither operand an option or an
   * argument file ({@code @FILE}) to picocli.
   */
  static boolean applies(String[] args) {
    return args.length == 3 && args[0].equals("mount") && isOperand(args[1]) && isOperand(args[2]);
  }

  /** Runs the mount in the foreground; returns the exit status, as picocli's run would. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    MountCommand mount = new MountCommand(Projection::unavailabilityCause, out, err);
    try {
      mount.source = args[1];
      mount.mountpoint = Path.of(args[2]);
      return mount.call();
    } catch (ParameterException e) {
      return Main.wrongCommandLine(e);
    } catch (Exception e) {
      return Main.failed(e, mount.commandLine());
    }
  }

  private static boolean isOperand(String arg) {
    return !arg.isEmpty() && !arg.startsWith("-") && !arg.startsWith("@");
  }
}
