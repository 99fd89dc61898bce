package dev.holofs.cli;

import dev.holofs.Projection;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import picocli.CommandLine.ParameterException;

/**
 * {@code holofs mount SOURCE MOUNTPOINT} with no option (an {@code s3://} SOURCE with its own
 * options only: an endpoint is most buckets' command line), the common command line, run without
 * picocli: building its model of the commands took longer than the rest of the start-up until the
 * mount is listable (it reads every annotation by reflection, and its class files, too old for
 * the class-data archive, are loaded and verified anew at every start). Anything else, a
 * {@code --help} or an option, goes through picocli, and so do the errors: they read the same.
 */
final class PlainMount {

  /** The s3 options that take a value, read as {@code --name VALUE} or {@code --name=VALUE}. */
  private static final Set<String> VALUED_S3 =
      Set.of("--endpoint", "--region", "--profile", "--request-timeout");

  private PlainMount() {}

  /**
   * Whether {@code args} are {@code mount SOURCE MOUNTPOINT}, neither operand an option or an
   * argument file ({@code @FILE}) to picocli.
   */
  static boolean applies(String[] args) {
    if (args.length < 3 || !args[0].equals("mount") || !isOperand(args[1]) || !isOperand(args[2])) {
      return false;
    }
    if (args.length == 3) {
      return true;
    }
    if (!args[1].startsWith("s3://") || S3Flags.scan(args) == null) {
      return false;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 3; i < args.length; i++) {
      String name = args[i].split("=", 2)[0];
      boolean valued = VALUED_S3.contains(name);
      if (!(valued || name.equals("--path-style") || name.equals("--no-sign-request"))
          || !seen.add(name) || (!valued && name.length() < args[i].length())) {
        return false; // another option, one given twice (an error), or --path-style=VALUE
      }
      if (valued && name.length() == args[i].length() && (++i == args.length || !isOperand(args[i]))) {
        return false; // a value picocli might read otherwise
      }
    }
    return true;
  }

  /** Runs the mount in the foreground; returns the exit status, as picocli's run would. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    MountCommand mount = new MountCommand(Projection::unavailabilityCause, out, err);
    try {
      mount.source = args[1];
      mount.mountpoint = Path.of(args[2]);
      if (args.length > 3) {
        mount.s3 = S3Flags.scan(args);
      }
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
