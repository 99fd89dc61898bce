package dev.holofs.cli;

import dev.holofs.Projection;
import dev.holofs.vfs.VfsProvider;
import java.util.concurrent.CompletableFuture;

/**
 * What {@code holofs mount} can begin before picocli has read the command line, which takes about
 * a tenth of a second (its classes cannot be in the class-data archive): loading the FUSE adapter
 * and JNA, a {@code vfs:} source's own preparations ({@code VfsProvider.warmUp}), and opening a
 * {@code zip:} archive (reading its central directory). Each runs on a
 * thread of its own. The archive is a guess, the first argument that looks like a zip SOURCE;
 * the mount takes it only if picocli then names the same SOURCE, and it is closed otherwise.
 * With {@code -v} nothing is opened early (logging is configured from the parsed options).
 */
final class EarlyStart {

  private static final String ZIP = "zip:";
  private static final String VFS = "vfs:";

  /** The SOURCE being opened early and its opening; null when none is (or it was taken). */
  private static String source;
  private static CompletableFuture<OpenSource> opening;

  private EarlyStart() {}

  /** Begins what a command line of {@code mount} allows. */
  static void begin(String[] args) {
    if (args.length == 0 || !args[0].equals("mount")) {
      return;
    }
    start("holofs-warm-up", Projection::unavailabilityCause);
    for (String arg : args) {
      if (arg.startsWith(VFS)) { // an sftp source's handshake cryptography, say
        start("holofs-vfs-warm-up", () -> VfsProvider.warmUp(arg.substring(VFS.length())));
        break;
      }
    }
    for (String arg : args) {
      if (arg.equals("--verbose") || arg.matches("-[^-]*v.*")) {
        return; // the archive's logger must be made after -v has set the log level
      }
    }
    for (int i = 1; i < args.length; i++) {
      if (args[i].startsWith(ZIP) && args[i].length() > ZIP.length()) {
        CompletableFuture<OpenSource> future = new CompletableFuture<>();
        String argument = args[i].substring(ZIP.length());
        start("holofs-open-early", () -> {
          try {
            future.complete(new ZipSource().open(argument));
          } catch (Throwable t) {
            future.completeExceptionally(t);
          }
        });
        synchronized (EarlyStart.class) {
          source = args[i];
          opening = future;
        }
        return;
      }
    }
  }

  /**
   * The opening of {@code source} if it was begun early (then it is the caller's), else null; an
   * early opening of another SOURCE is closed.
   */
  static synchronized CompletableFuture<OpenSource> take(String source) {
    CompletableFuture<OpenSource> early = opening;
    boolean same = source.equals(EarlyStart.source);
    opening = null;
    EarlyStart.source = null;
    if (early == null || same) {
      return early;
    }
    early.thenAccept(o -> {
      try {
        o.resource().close();
      } catch (Exception ignored) {
        // a guess nobody uses
      }
    });
    return null;
  }

  private static void start(String name, Runnable work) {
    Thread t = new Thread(() -> {
      try {
        work.run();
      } catch (Throwable ignored) {
        // what failed here fails again, and is reported, where the mount needs it
      }
    }, name);
    t.setDaemon(true);
    t.start();
  }
}
