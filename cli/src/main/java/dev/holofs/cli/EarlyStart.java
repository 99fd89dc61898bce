package dev.holofs.cli;

import dev.holofs.Projection;
import dev.holofs.vfs.VfsProvider;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What {@code holofs mount} can begin before picocli has read the command line, which takes about
 * a tenth of a second (its classes cannot be in the class-data archive): loading the FUSE adapter
 * and JNA, a {@code vfs:} source's own preparations ({@code VfsProvider.warmUp}), and opening a
 * {@code zip:} archive (reading its central directory). Each runs on a
 * thread of its own. The archive is a guess, the first argument that looks like a zip SOURCE;
 * the mount takes it only if picocli then names the same SOURCE, and it is closed otherwise. An
 * {@code s3://} source is opened early too (its client built and its bucket listed, which is most
 * of its start-up), only from a command line {@link EarlyArgs} reads, with the s3 options it
 * reads ({@link EarlyArgs#s3}); the mount takes it only if picocli then reads the same SOURCE and
 * options ({@link #key}). A {@code vfs:} source's login is begun early the same way, from a
 * command line {@link EarlyArgs} reads and whose only options are the keys, known hosts and lanes
 * ({@link VfsOptionsMixin#scan}); the connection itself goes on in the background while the mount
 * is made.
 * With {@code -v} no source is opened early (its logger must be made after logging is configured
 * from the parsed options); the warm-ups, which log nothing, still run. A {@code vfs:} source is
 * recognised as the launcher recognises it, an argument {@code vfs:URI} or {@code NAME=vfs:URI},
 * and warmed up for {@code holofs vm run} too (its shares).
 */
final class EarlyStart {

  private static final String ZIP = "zip:";
  private static final String VFS = "vfs:";
  private static final String S3 = "s3://";

  /** The key of the SOURCE being opened early and its opening; null when none is (or it was taken). */
  private static List<?> source;
  private static CompletableFuture<OpenSource> opening;

  private EarlyStart() {}

  /**
   * Begins what a command line of {@code mount} allows (of {@code vm run}: the vfs: warm-up);
   * {@code early}: {@code args} as {@link EarlyArgs#read} reads them.
   */
  static void begin(String[] args, EarlyArgs early) {
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
    // Every argument, not EarlyArgs: the zip: guess below reads command lines it does not.
    for (String arg : args) {
      if (arg.equals("--verbose") || arg.matches("-[^-]*v.*")) {
        return; // the archive's logger must be made after -v has set the log level
      }
    }
    S3Flags s3 = early != null && early.source.startsWith(S3) ? early.s3() : null;
    if (s3 != null) { // its client and a signed request: only from what picocli will read too
      String argument = args[1].substring("s3:".length());
      openEarly(key(args[1], s3.key()), () -> new S3Source(s3).open(argument));
      return;
    }
    VfsOptionsMixin vfs =
        early != null && early.source.startsWith(VFS) ? VfsOptionsMixin.scan(early) : null;
    if (vfs != null) { // a login: only from what picocli will read too
      String argument = args[1].substring(VFS.length());
      openEarly(key(args[1], vfs.key(null)), () -> new VfsSource(vfs, null).open(argument));
      return;
    }
    for (int i = 1; i < args.length; i++) { // a local file, closed if picocli reads another SOURCE
      if (args[i].startsWith(ZIP) && args[i].length() > ZIP.length()) {
        String argument = args[i].substring(ZIP.length());
        openEarly(key(args[i], List.of()), () -> new ZipSource().open(argument));
        return;
      }
    }
  }

  /**
   * What an early opening of {@code source} is known by: the SOURCE and the options its type
   * opens it with ({@link S3Flags#key}, {@link VfsOptionsMixin#key}, none for a zip: archive), as
   * another endpoint is another bucket and another key another login.
   */
  static List<Object> key(String source, List<Object> options) {
    return List.of(source, options);
  }

  /** A source's opening. */
  private interface Opening {
    OpenSource open() throws Exception;
  }

  private static void openEarly(List<?> key, Opening open) {
    CompletableFuture<OpenSource> future = new CompletableFuture<>();
    start("holofs-open-early", () -> {
      try {
        future.complete(open.open());
      } catch (Throwable t) {
        future.completeExceptionally(t);
      }
    });
    synchronized (EarlyStart.class) {
      source = key;
      opening = future;
    }
  }

  /**
   * The opening of {@code source} ({@link #key}) if it was begun early (then it is the caller's),
   * else null; an early opening of another SOURCE is closed.
   */
  static synchronized CompletableFuture<OpenSource> take(List<?> source) {
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

  /** Whether an early opening is waiting to be taken (for tests). */
  static synchronized boolean pending() {
    return opening != null;
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
