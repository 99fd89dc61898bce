package dev.holofs.cli;

import dev.holofs.vfs.VfsOptions;
import dev.holofs.vfs.VfsProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The connection of a {@code holofs mount vfs:sftp://...}, begun before picocli has read the
 * command line: picocli takes a few tenths of a second on a fresh JVM, and an ssh login (with the
 * server starting its sftp subsystem) about as long, so running them at once brings the mount
 * that much sooner. The options are a guess read from the arguments (only those a vfs: source
 * uses, {@code --opt VALUE} or {@code --opt=VALUE}); the mount takes the connection only if the
 * options picocli then gives are the same ({@link VfsOptions#opensSameAs}), and it is closed
 * otherwise. No guess with {@code --password-file} (the password is read once, by the mount).
 */
final class EarlyVfs {

  /** The options the early connection was begun with, and its opening; null when none is. */
  private static VfsOptions options;
  private static CompletableFuture<VfsProvider> opening;

  private EarlyVfs() {}

  /**
   * Begins connecting to {@code source} ({@code vfs:sftp://...}) with the options guessed from
   * {@code args}, on a thread of its own; false if it did not (not sftp, no guess).
   */
  static boolean begin(String source, String[] args) {
    if (!source.regionMatches(true, 0, "vfs:sftp:", 0, 9)) {
      return false;
    }
    VfsOptions guessed = guess(source.substring("vfs:".length()), args);
    if (guessed == null) {
      return false;
    }
    CompletableFuture<VfsProvider> future = new CompletableFuture<>();
    synchronized (EarlyVfs.class) {
      options = guessed;
      opening = future;
    }
    Thread t = new Thread(() -> {
      try {
        future.complete(VfsProvider.open(guessed));
      } catch (Throwable e) {
        future.completeExceptionally(e); // the mount reports it, as its own opening would
      }
    }, "holofs-vfs-open-early");
    t.setDaemon(true);
    t.start();
    return true;
  }

  /** The options {@code args} would give {@code uri}, as {@link VfsSource} makes them; null if unsure. */
  static VfsOptions guess(String uri, String[] args) {
    VfsOptionsMixin mixin = new VfsOptionsMixin();
    Duration cacheTimeout = null;
    try {
      for (int i = 1; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("--")) {
          break;
        }
        int eq = arg.indexOf('=');
        boolean inline = arg.startsWith("--") && eq > 0; // --opt=VALUE
        String name = inline ? arg.substring(0, eq) : arg;
        boolean takesValue = switch (name) {
          case "--identity", "--known-hosts", "--lanes", "--cache-timeout", "--password-file" -> true;
          default -> false;
        };
        if (name.equals("--no-host-key-check")) {
          mixin.noHostKeyCheck = true;
        }
        if (!takesValue) {
          continue;
        }
        String value = inline ? arg.substring(eq + 1) : null;
        if (value == null) {
          if (++i >= args.length) {
            return null;
          }
          value = args[i];
        }
        switch (name) {
          case "--identity" -> mixin.identities.add(Path.of(value));
          case "--known-hosts" -> mixin.knownHosts = Path.of(value);
          case "--lanes" -> mixin.lanes = Integer.valueOf(value);
          case "--cache-timeout" -> cacheTimeout = new SecondsConverter().convert(value);
          default -> {
            return null; // --password-file
          }
        }
      }
      return new VfsSource(mixin, cacheTimeout).options(uri);
    } catch (UserException | RuntimeException e) {
      return null; // picocli or the mount will say what is wrong
    }
  }

  /**
   * The early connection if it was begun with exactly {@code wanted} (then it is the caller's),
   * else null; one begun with other options (or any, for null) is closed.
   */
  static synchronized CompletableFuture<VfsProvider> take(VfsOptions wanted) {
    CompletableFuture<VfsProvider> early = opening;
    boolean same = early != null && wanted != null && options.opensSameAs(wanted);
    opening = null;
    options = null;
    if (early == null || same) {
      return early;
    }
    early.thenAccept(VfsProvider::close);
    return null;
  }

  /** The provider {@code early} opened, or what opening it threw. */
  static VfsProvider join(CompletableFuture<VfsProvider> early) throws IOException {
    try {
      return early.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      early.thenAccept(VfsProvider::close);
      throw new IOException("interrupted while connecting");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IOException(cause);
    }
  }
}
