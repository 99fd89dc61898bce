package dev.holofs.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code holofs unmount MOUNTPOINT}: unmounts a FUSE mount through {@code fusermount3 -u}, or,
 * as root, {@code umount} when fusermount3 is missing or refuses. The holofs process serving it
 * then exits by itself. On Windows a ProjFS root is stopped only by the process serving it: the
 * command says so.
 */
@Command(name = "unmount", aliases = "umount", mixinStandardHelpOptions = true,
    description = "Unmounts a holofs (FUSE) mount; the holofs process serving it then exits.")
final class UnmountCommand implements Callable<Integer> {

  @Parameters(paramLabel = "MOUNTPOINT", description = "Where the source is mounted.")
  Path mountpoint;

  @Option(names = {"-l", "--lazy"},
      description = "Detach it now even if busy; it goes away once no process uses it.")
  boolean lazy;

  @Override
  public Integer call() throws Exception {
    Path target = Mountpoints.resolve(mountpoint);
    if (Mountpoints.onWindows()) {
      throw new UserException("on Windows there is nothing to unmount: stop the holofs process "
          + "serving " + target + " (Ctrl-C in its window); ProjFS then stops virtualizing it, and "
          + "files already read stay in it as plain files");
    }
    MountTable.Entry entry = MountTable.find(target);
    if (entry == null) {
      throw new UserException(target + " is not mounted");
    }
    if (!entry.isFuse()) {
      throw new UserException(target + " is not a FUSE mount (" + entry.fsType()
          + "); holofs unmounts only FUSE mounts");
    }
    List<String> fusermount = new ArrayList<>(List.of("fusermount3", "-u"));
    if (lazy) {
      fusermount.add("-z");
    }
    fusermount.add(target.toString());
    Result result = run(fusermount);
    if (!result.ok() && isRoot()) {
      // fusermount3 is missing, or refuses a mount it has no record of: umount(8) as root.
      Result umount = run(lazy ? List.of("umount", "-l", target.toString())
          : List.of("umount", target.toString()));
      result = umount.ok() || result.missing() ? umount : result;
    }
    if (!result.ok()) {
      throw new UserException(describe(target, result.message()));
    }
    return 0;
  }

  /** The failure of an unmount command, said for this command line. */
  private String describe(Path target, String message) {
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.contains("busy")) {
      return "cannot unmount " + target + ": it is busy (a process is using it); close that"
          + " process, or detach it now with: holofs unmount --lazy " + target;
    }
    if (lower.contains("permission") || lower.contains("not permitted")) {
      return "cannot unmount " + target + ": permission denied (only its owner or root may)";
    }
    return "cannot unmount " + target + ": " + message;
  }

  /** Whether the effective user id is 0, from {@code /proc/self/status} ("Uid: real effective ..."). */
  private static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.substring(4).strip().split("\\s+")[1].equals("0");
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or unreadable: fall through
    }
    return "root".equals(System.getProperty("user.name"));
  }

  /** What an external command did: its exit status and last line of error output. */
  private record Result(int status, String message, boolean missing) {
    boolean ok() {
      return status == 0;
    }
  }

  private static Result run(List<String> command) throws IOException, InterruptedException {
    // Output goes to a file, not a pipe, so a command that hangs cannot hang the reading here.
    Path output = Files.createTempFile("holofs-unmount", ".out");
    try {
      Process process;
      try {
        process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null"))).start();
      } catch (IOException e) {
        return new Result(127, command.get(0) + " not found", true);
      }
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(124, command.get(0) + " did not finish within 30 s", false);
      }
      String last = Files.readString(output, StandardCharsets.UTF_8).strip();
      last = last.isEmpty() ? command.get(0) + " failed with status " + process.exitValue()
          : last.substring(last.lastIndexOf('\n') + 1).strip();
      // "fusermount3: failed to unmount /x: Device or resource busy": drop the tool's name.
      String tool = command.get(0) + ": ";
      if (last.startsWith(tool)) {
        last = last.substring(tool.length());
      }
      return new Result(process.exitValue(), last, false);
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
