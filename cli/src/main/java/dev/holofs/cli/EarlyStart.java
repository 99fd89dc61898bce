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
 * With {@code -v} no archive is opened early (its logger must be made after logging is configured
 * from the parsed options); the warm-ups, which log nothing, still run. A {@code vfs:} source is
 * recognised as the launcher recognises it, an argument {@code vfs:URI} or {@code NAME=vfs:URI},
 * and warmed up for {@code holofs vm run} too (its shares).
 */
final class EarlyStart {

  private static final String ZIP = "zip:";
  private static final String VFS = "vfs:";

  /** The SOURCE being opened early and its opening; null when none is (or it was taken). */
  private static String source;
  private static CompletableFuture<OpenSource> opening;

  private EarlyStart() {}

  /** Begins what a command line of {@code mount} allows (of {@code vm run}: the vfs: warm-up). */
  static void begin(String[] args) {
    boolean mount = args.length > 0 && args[0].equals("mount");
    boolean vmRun = args.length > 1 && args[0].equals("vm") && args[1].equals("run");
    if (!mount && !vmRun) {
      return;
    }
    if (mount) {
      start("holofs-warm-up", Projection::unavailabilityCause);
    }
    for (String arg : args) {
      String uri = vfsUri(arg);
      if (uri != null) { // an sftp source's handshake cryptography, say
        start("holofs-vfs-warm-up", () -> VfsProvider.warmUp(uri));
        break;
      }
    }
    if (!mount) {
      return;
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

  /**
   * The URI of a {@code vfs:} source in {@code arg}, {@code vfs:URI} or {@code NAME=vfs:URI} (the
   * launcher's {@code vfs:* | *=vfs:*}), else null.
   */
  static String vfsUri(String arg) {
    if (arg.startsWith(VFS)) {
      return arg.substring(VFS.length());
    }
    int at = arg.indexOf("=" + VFS);
    return at < 0 ? null : arg.substring(at + 1 + VFS.length());
  }

  /** Work begun early; what it throws is ignored. */
  private interface Work {
    void run() throws Exception;
  }

  private static void start(String name, Work work) {
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
