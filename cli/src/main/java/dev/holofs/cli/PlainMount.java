package dev.holofs.cli;

import dev.holofs.Projection;
import java.io.PrintWriter;
import java.nio.file.Path;
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

  private PlainMount() {}

  /**
   * Whether the command line {@code early} read is {@code mount SOURCE MOUNTPOINT}, or that with an
   * {@code s3://} SOURCE and s3 options only, each as {@link EarlyArgs} reads it and picocli would.
   */
  static boolean applies(EarlyArgs early) {
    if (early == null || early.names().isEmpty()) {
      return early != null;
    }
    return early.source.startsWith("s3://") && S3Flags.NAMES.containsAll(early.names())
        && early.s3() != null;
  }

  /** Runs the mount in the foreground; returns the exit status, as picocli's run would. */
  static int run(EarlyArgs early, PrintWriter out, PrintWriter err) {
    MountCommand mount = new MountCommand(Projection::unavailabilityCause, out, err);
    try {
      mount.source = early.source;
      mount.mountpoint = Path.of(early.mountpoint);
      if (!early.names().isEmpty()) {
        mount.s3 = early.s3();
      }
      return mount.call();
    } catch (ParameterException e) {
      return Main.wrongCommandLine(e);
    } catch (Exception e) {
      return Main.failed(e, mount.commandLine());
    }
  }
}
