package dev.holofs.cli;

import dev.holofs.Mount;
import dev.holofs.Projection;
import dev.holofs.fuse.FuseOptions;
import dev.holofs.spi.Printable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code holofs mount SOURCE MOUNTPOINT}: projects SOURCE on MOUNTPOINT in the foreground until
 * SIGINT (Ctrl-C) or SIGTERM, which unmount cleanly and exit 0, or until it is unmounted from
 * outside ({@code holofs unmount}).
 */
@Command(name = "mount", mixinStandardHelpOptions = true,
    description = {"Mounts SOURCE on MOUNTPOINT (an existing empty directory), read-only, and serves "
        + "it in the foreground. Ctrl-C or SIGTERM unmounts it and exits."},
    footer = {"", "Sources: demo:, zip:PATH, s3://BUCKET[/PREFIX], vfs:URI (holofs providers lists them).",
        "Example: holofs mount zip:photos.zip /mnt/photos",
        "Example: holofs mount s3://logs/2024 /mnt/logs --endpoint http://127.0.0.1:9000 --path-style",
        "Example: holofs mount vfs:sftp://me@host/srv/data /mnt/data",
        "On Windows MOUNTPOINT becomes a ProjFS virtualization root; Ctrl-C stops virtualizing it"
            + " (files already read stay in it). The FUSE options are ignored there."})
final class MountCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SOURCE",
      description = "What to project: demo:, zip:PATH, s3://BUCKET[/PREFIX], vfs:URI.")
  String source;

  @Parameters(index = "1", paramLabel = "MOUNTPOINT", description = "An existing, empty directory.")
  Path mountpoint;

  @Option(names = "--concurrent-threads", paramLabel = "N",
      description = "Most callbacks running provider code at once (ProjFS ConcurrentThreadCount);"
          + " 0: the number of processors (default); at most " + Projection.MAX_THREAD_COUNT + ".")
  int concurrentThreads;

  @Option(names = "--pool-threads", paramLabel = "N",
      description = "Most callbacks in flight, counting those blocked on I/O (ProjFS "
          + "PoolThreadCount); 0: twice the concurrent threads (default); at most "
          + Projection.MAX_THREAD_COUNT + ". Threads start as they are needed.")
  int poolThreads;

  @Option(names = "--cache-timeout", paramLabel = "SECONDS", converter = SecondsConverter.class,
      description = "How long the kernel may cache names, attributes and directory listings (FUSE "
          + "entry and attr timeouts); 0 sends every lookup, stat and listing to the provider. "
          + "Default: for ever for sources that cannot change (zip:, demo:), else 1.")
  Duration cacheTimeout;

  @Option(names = "--allow-other",
      description = "Let users other than the one mounting see the files, as their modes allow "
          + "(as a non-root user this needs user_allow_other in /etc/fuse.conf). Without it, "
          + "only the mounting user gets in.")
  boolean allowOther;

  @Option(names = "--fsname", paramLabel = "NAME",
      description = "The source name shown in /proc/mounts and df. Default: holofs:SOURCE.")
  String fsName;

  @Mixin
  S3Flags s3 = new S3Flags();

  @Mixin
  VfsOptionsMixin vfsOptions = new VfsOptionsMixin();

  @Mixin
  ZipFlags zip = new ZipFlags();

  @Option(names = {"-v", "--verbose"},
      description = "Log more: -v for info, -vv for debug (default: warnings only).")
  boolean[] verbose = new boolean[0];

  private final Supplier<String> unavailability;
  /** Where output goes without picocli ({@link PlainMount}); null when picocli ran the command. */
  private final PrintWriter out;
  private final PrintWriter err;

  MountCommand() {
    this(Projection::unavailabilityCause);
  }

  /** With another check of whether a platform (FUSE) can mount here (tests). */
  MountCommand(Supplier<String> unavailability) {
    this(unavailability, null, null);
  }

  /** Run without picocli ({@link PlainMount}): printing to {@code out} and {@code err}. */
  MountCommand(Supplier<String> unavailability, PrintWriter out, PrintWriter err) {
    this.unavailability = unavailability;
    this.out = out;
    this.err = err;
  }

  /**
   * The command line that runs this command: picocli's, or, run without it, one made now (only
   * on the way to an error, which names the command as picocli would).
   */
  CommandLine commandLine() {
    if (spec != null) {
      return spec.commandLine();
    }
    return Main.commandLine(CommandLine.defaultFactory(), out, err).getSubcommands().get("mount");
  }

  /** What an opening begun early must be known by to be this mount's ({@link EarlyStart#key}). */
  private List<Object> earlyKey(SourceType type, Duration timeout) {
    if (type instanceof ZipSource) {
      return zip.cacheSize == null ? EarlyStart.key(source, List.of()) : List.of();
    }
    return type instanceof S3Source ? EarlyStart.key(source, s3.key())
        : type instanceof VfsSource ? EarlyStart.key(source, vfsOptions.key(timeout))
        : List.of();
  }

  @Override
  public Integer call() throws Exception {
    configureLogging();
    Duration timeout = validateOptions();
    Sources.Resolved resolved = Sources.bundled(s3, vfsOptions, timeout, zip).resolve(source);
    if (zip.cacheSize != null && !(resolved.type() instanceof ZipSource)) {
      throw new ParameterException(commandLine(), "--cache-size applies to zip: sources only");
    }
    if (s3.anySet() && !(resolved.type() instanceof S3Source)) {
      throw new ParameterException(commandLine(), String.join(", ",
          S3Flags.NAMES.subList(0, S3Flags.NAMES.size() - 1)) + " and "
          + S3Flags.NAMES.get(S3Flags.NAMES.size() - 1) + " apply to s3:// sources only");
    }
    // Opening the source (reading an archive's directory, say) and readying FUSE take about as
    // long as each other, so they run at once: the mount is listable sooner. A zip: archive, an
    // s3:// bucket or a vfs: login may be opening already, since before the command line was read
    // (a zip: one with the default options: a mount given --cache-size opens its own; an empty
    // key takes none and closes the early one). The key holds the options the source's type opens
    // with, for vfs: the cache timeout too, so one begun with other options is closed.
    CompletableFuture<OpenSource> early = EarlyStart.take(earlyKey(resolved.type(), timeout));
    CompletableFuture<OpenSource> opening = early != null ? early : new CompletableFuture<>();
    if (early == null) {
      Thread opener = new Thread(() -> {
        try {
          opening.complete(resolved.open());
        } catch (Throwable t) {
          opening.completeExceptionally(t);
        }
      }, "holofs-open-source");
      opener.setDaemon(true);
      opener.start();
    }
    Path target;
    try {
      String unavailable = unavailability.get();
      if (unavailable != null) {
        throw new UserException(unavailable); // names each platform and why it cannot mount
      }
      target = Mountpoints.resolve(mountpoint);
      Mountpoints.checkUsable(target);
    } catch (Throwable t) {
      opening.thenAccept(o -> closeQuietly(o.resource()));
      throw t;
    }
    OpenSource opened = opened(opening);
    RunningMount running = null;
    Thread hook = null;
    try {
      Projection projection = projection(opened, timeout);
      running = new RunningMount(projection.mount(target), opened);
      // from here on a signal unmounts, also while the source is still opening (up to minutes)
      hook = unmountOnSignal(running, target);
      opened.ready().await();
      opened.mounted().accept(running.mount());
    } catch (Throwable t) {
      if (hook != null) {
        removeQuietly(hook);
      }
      closeQuietly(running != null ? running::close : opened.resource()); // a refusal once mounted
      throw t;
    }
    return serve(running, target, hook);
  }

  /**
   * Installs the shutdown hook that unmounts on SIGINT/SIGTERM. On a signal the JVM runs shutdown
   * hooks: this one unmounts, waits for that to finish, and ends the process itself, so the status
   * says whether the unmount went well (the JVM's own status after SIGTERM would be 143).
   */
  private Thread unmountOnSignal(RunningMount running, Path target) {
    PrintWriter out = this.out != null ? this.out : spec.commandLine().getOut();
    PrintWriter err = this.err != null ? this.err : spec.commandLine().getErr();
    Thread hook = new Thread(() -> {
      int status = 0;
      try {
        running.close();
        out.println("holofs: unmounted " + target);
      } catch (Throwable t) {
        err.println("holofs: " + Failures.oneLine(t));
        status = 1;
      }
      out.flush();
      err.flush();
      Runtime.getRuntime().halt(status);
    }, "holofs-unmount");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  /** A hook no longer wanted; while shutting down it is already running, and that is fine. */
  private static void removeQuietly(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook unmounts and ends the process
    }
  }

  /** Waits for the mount to go away; {@code hook} unmounts on SIGINT/SIGTERM meanwhile. */
  private int serve(RunningMount running, Path target, Thread hook) throws Exception {
    PrintWriter out = this.out != null ? this.out : spec.commandLine().getOut();
    out.println("holofs: " + Printable.of(Printable.withoutPassword(source)) + " mounted on " + target
        + " (Ctrl-C to unmount)");
    out.flush();

    try {
      running.mount().awaitUnmount();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      new CountDownLatch(1).await(); // the hook is unmounting and will end the process
    }
    // Unmounted from outside (holofs unmount, fusermount3 -u) or interrupted: release the source.
    running.close();
    out.println("holofs: unmounted " + target);
    out.flush();
    return 0;
  }

  private Projection projection(OpenSource opened, Duration timeout) {
    FuseOptions.Builder fuse = FuseOptions.builder()
        .allowOther(allowOther)
        // A signal must get the mount off its mountpoint: the process is exiting either way, and
        // a mount left behind without its server would answer only "not connected". So a
        // mountpoint still in use (a shell cd'ed inside) is detached, and its files then fail.
        .lazyUnmount(true);
    if (timeout != null) {
      fuse.cacheTimeout(timeout);
    }
    String name = fsName != null ? fsName : defaultFsName();
    try {
      fuse.fsName(name);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(commandLine(),
          "--fsname '" + name + "' must be non-empty, without spaces, commas or backslashes");
    }
    return Projection.builder(opened.provider())
        .concurrentThreadCount(concurrentThreads)
        .poolThreadCount(poolThreads)
        .platformOptions(fuse.build())
        .build();
  }

  /** {@code holofs:SOURCE}, or {@code holofs:SCHEME} if SOURCE has characters fsname refuses. */
  private String defaultFsName() {
    String name = "holofs:" + Printable.withoutPassword(source);
    return name.matches("[^\\s,\\\\]{1,200}") ? name : "holofs:" + source.split(":", 2)[0];
  }

  /** Checks the options before anything is opened; @return the cache timeout, or null. */
  private Duration validateOptions() {
    if (concurrentThreads < 0) {
      throw new ParameterException(commandLine(), "--concurrent-threads must be >= 0");
    }
    if (poolThreads < 0) {
      throw new ParameterException(commandLine(), "--pool-threads must be >= 0");
    }
    if (concurrentThreads > Projection.MAX_THREAD_COUNT || poolThreads > Projection.MAX_THREAD_COUNT) {
      throw new ParameterException(commandLine(), (concurrentThreads > Projection.MAX_THREAD_COUNT
          ? "--concurrent-threads" : "--pool-threads") + " must be at most " + Projection.MAX_THREAD_COUNT);
    }
    int concurrent = concurrentThreads > 0
        ? concurrentThreads : Runtime.getRuntime().availableProcessors();
    if (poolThreads > 0 && poolThreads < concurrent) {
      throw new ParameterException(commandLine(), "--pool-threads (" + poolThreads
          + ") must be at least --concurrent-threads (" + concurrent
          + (concurrentThreads == 0 ? ", the number of processors)" : ")"));
    }
    if (fsName != null && fsName.isEmpty()) {
      throw new ParameterException(commandLine(), "--fsname must not be empty");
    }
    return cacheTimeout;
  }

  /** -v: info, -vv: debug; read by slf4j-simple when the first logger is made, which is later. */
  private void configureLogging() {
    if (verbose.length > 0) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
          verbose.length == 1 ? "info" : "debug");
      System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
    }
  }

  /** The opened source, or the exception opening it threw. */
  private static OpenSource opened(CompletableFuture<OpenSource> opening) throws Exception {
    try {
      return opening.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw (Error) e.getCause();
    }
  }

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception ignored) {
      // already failing: the first error is the one to report
    }
  }

  /** A mount and its source, closed once by whichever comes first: a signal or the main thread. */
  private static final class RunningMount {
    private final Mount mount;
    private final OpenSource source;
    private boolean closed;

    RunningMount(Mount mount, OpenSource source) {
      this.mount = mount;
      this.source = source;
    }

    Mount mount() {
      return mount;
    }

    /** Unmounts and releases the source; a second caller waits for the first to finish. */
    synchronized void close() throws Exception {
      if (closed) {
        return;
      }
      closed = true;
      try {
        mount.close();
      } finally {
        source.resource().close();
      }
    }
  }
}
