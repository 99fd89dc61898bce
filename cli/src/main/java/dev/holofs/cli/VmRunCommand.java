package dev.holofs.cli;

import dev.holofs.Projection;
import dev.holofs.hcs.ComputeSystem;
import dev.holofs.hcs.EventOptions;
import dev.holofs.hcs.GuestImage;
import dev.holofs.hcs.HcsEvent;
import dev.holofs.hcs.HcsEventType;
import dev.holofs.hcs.HcsException;
import dev.holofs.hcs.Operation;
import dev.holofs.hcs.VirtualMachines;
import dev.holofs.hcs.schema.ComputeSystemDocument;
import dev.holofs.hcs.schema.Plan9Share;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code holofs vm run}: boots the holofs guest with each SOURCE projected and shared at
 * {@code /mnt/NAME}, runs COMMAND (or a shell on the console), and cleans up on exit or Ctrl-C.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Boots a small Linux guest under QEMU with each SOURCE projected and shared "
        + "(read-only, 9p) at /mnt/NAME, runs COMMAND in it and exits with its status; without "
        + "COMMAND, a shell on the console. Ctrl-C stops the VM and unmounts everything."},
    footer = {"", "The guest: " + GuestImage.BUILD_HINT + ".",
        "Example: holofs vm run --share demo=demo: -- sha256sum /mnt/demo/4k.bin"})
final class VmRunCommand implements Callable<Integer> {

  private static final Duration WAIT = Duration.ofMinutes(5);

  @Option(names = "--share", paramLabel = "NAME=SOURCE",
      description = "Project SOURCE (demo:, zip:PATH) and share it at /mnt/NAME; a plain "
          + "directory is shared as it is. Repeatable.")
  List<String> shares = new ArrayList<>();

  @Option(names = "--memory", paramLabel = "MB", defaultValue = "256",
      description = "Guest memory in MiB (default: ${DEFAULT-VALUE}).")
  int memory;

  @Option(names = "--cpus", paramLabel = "N", defaultValue = "1",
      description = "Virtual processors (default: ${DEFAULT-VALUE}).")
  int cpus;

  @Option(names = "--kernel", paramLabel = "FILE", description = "Another guest kernel.")
  Path kernel;

  @Option(names = "--initrd", paramLabel = "FILE", description = "Another guest initramfs.")
  Path initrd;

  @Parameters(paramLabel = "COMMAND", arity = "0..*",
      description = "What the guest runs (after --), with sh; one argument is a whole script.")
  List<String> command = new ArrayList<>();

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (memory < 64) {
      throw new UserException("--memory must be at least 64 MiB");
    }
    if (cpus < 1) {
      throw new UserException("--cpus must be at least 1");
    }
    Map<String, String> sources = new LinkedHashMap<>();
    for (String share : shares) {
      int eq = share.indexOf('=');
      if (eq <= 0) {
        throw new UserException("--share wants NAME=SOURCE, not '" + share + "'");
      }
      if (sources.put(share.substring(0, eq), share.substring(eq + 1)) != null) {
        throw new UserException("--share " + share.substring(0, eq) + " given twice");
      }
    }
    String unavailable = ComputeSystem.unavailabilityCause();
    if (unavailable != null) {
      throw new UserException("cannot run a VM: " + unavailable);
    }
    GuestImage guest = guest();
    String cmdline;
    try {
      cmdline = GuestImage.kernelCmdLine(command.isEmpty() ? null : script());
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    Map<String, OpenSource> opened = new LinkedHashMap<>();
    Path work = Files.createTempDirectory("holofs-vm-run-");
    try {
      boolean interactive = command.isEmpty();
      Path console = work.resolve("console.log");
      ComputeSystemDocument document = VirtualMachines.linux(guest.kernel(), guest.initrd(),
          cmdline, memory, cpus,
          interactive ? "-" : console.toString());
      for (Map.Entry<String, String> share : sources.entrySet()) {
        String name = share.getKey();
        String source = share.getValue();
        Path directory = Path.of(source);
        if (source.indexOf(':') < 0 && Files.isDirectory(directory)) {
          // A host directory as it is, no projection (what projected shares are measured against).
          document = VirtualMachines.withShare(document,
              Plan9Share.of(name, directory.toAbsolutePath().toString(), true));
          opened.put(name, OpenSource.of(null));
          continue;
        }
        opened.put(name, Sources.bundled().resolve(source).open());
        opened.get(name).ready().await(); // a source refused now, not as EIO inside the VM
        document = VirtualMachines.withProjectedShare(document, name,
            Projection.builder(opened.get(name).provider()).build());
      }
      Files.createFile(console);
      return run(document, new GuestConsole(console, spec.commandLine().getOut()), interactive);
    } catch (HcsException e) {
      throw new UserException(e.getMessage(), e);
    } finally {
      opened.values().forEach(o -> closeQuietly(o.resource()));
      try (var files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private int run(ComputeSystemDocument document, GuestConsole console, boolean interactive)
      throws Exception {
    CompletableFuture<HcsEvent> exited = new CompletableFuture<>();
    try (Operation create = Operation.create();
        ComputeSystem system = ComputeSystem.create("holofs-vm-" + UUID.randomUUID(), document,
            create)) {
      system.setEventCallback(EventOptions.NONE, event -> {
        if (event.type() == HcsEventType.SYSTEM_EXITED) {
          exited.complete(event);
        }
      });
      // Ctrl-C or SIGTERM: stop the VM (its end unmounts the projections), then exit.
      Thread hook = new Thread(() -> terminate(system, exited), "holofs-vm-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      create.waitForResult(WAIT);
      try (Operation start = Operation.create()) {
        system.start(start);
        start.waitForResult(WAIT);
      }
      HcsEvent exit = null;
      while (exit == null) {
        if (!interactive) {
          console.drain();
        }
        try {
          exit = exited.get(100, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          // keep following the console
        }
      }
      if (!interactive) {
        console.drain();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        new java.util.concurrent.CountDownLatch(1).await();  // the hook ends the process
      }
      if (exit.eventData() != null && exit.eventData().contains("UnexpectedExit")) {
        throw new UserException("the VM stopped unexpectedly");
      }
      Integer status = console.exitStatus();
      return interactive ? 0 : status == null ? 1 : status;
    }
  }

  private static void terminate(ComputeSystem system, CompletableFuture<HcsEvent> exited) {
    if (exited.isDone()) {
      return;
    }
    try (Operation terminate = Operation.create()) {
      system.terminate(terminate);
      terminate.waitForResult(Duration.ofMinutes(1));
    } catch (Exception e) {
      // Exiting anyway; QEMU ends with this process's end.
    }
  }

  private GuestImage guest() throws HcsException, UserException {
    if (kernel == null && initrd == null) {
      return GuestImage.find();
    }
    if (kernel == null || initrd == null) {
      throw new UserException("--kernel and --initrd go together");
    }
    for (Path file : List.of(kernel, initrd)) {
      if (!Files.isReadable(file)) {
        throw new UserException(file + ": no such readable file");
      }
    }
    return new GuestImage(kernel.toAbsolutePath(), initrd.toAbsolutePath());
  }

  /** COMMAND as one sh script: a single argument as it is, several quoted one by one. */
  private String script() {
    if (command.size() == 1) {
      return command.get(0);
    }
    return command.stream().map(a -> "'" + a.replace("'", "'\\''") + "'")
        .collect(Collectors.joining(" "));
  }

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      // Exiting: nothing more to do with it.
    }
  }
}
