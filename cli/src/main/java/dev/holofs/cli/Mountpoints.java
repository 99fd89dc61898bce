package dev.holofs.cli;

import dev.holofs.spi.Printable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/** Resolving a MOUNTPOINT argument and checking it can be mounted on, with one-line reasons. */
final class Mountpoints {

  private Mountpoints() {}

  /**
   * The absolute, normalized form of {@code path} with its parent's symlinks resolved, as
   * {@code /proc/self/mountinfo} names it. The last name itself is not followed: it may be a
   * dead mount that cannot be stat'ed.
   */
  static Path resolve(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path parent = absolute.getParent();
    if (parent == null) {
      return absolute;
    }
    try {
      return parent.toRealPath().resolve(absolute.getFileName());
    } catch (IOException e) {
      return absolute; // the parent is missing: the checks below say so
    }
  }

  /**
   * Checks that {@code mountpoint} (resolved) is an existing, empty directory with nothing
   * mounted on it.
   *
   * @throws UserException saying what is wrong
   */
  static void checkUsable(Path mountpoint) throws UserException, IOException {
    MountTable.Entry mounted = MountTable.find(mountpoint);
    if (mounted != null) {
      if (mounted.isFuse() && !Files.isDirectory(mountpoint)) {
        throw new UserException("mountpoint " + mountpoint + " is a dead FUSE mount ("
            + mounted.source() + "); clear it with: holofs unmount " + mountpoint);
      }
      throw new UserException("mountpoint " + mountpoint + " is busy: " + mounted.source()
          + " (" + mounted.fsType() + ") is mounted there; unmount it first"
          + (mounted.isFuse() ? ": holofs unmount " + mountpoint : ""));
    }
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(mountpoint, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new UserException("mountpoint " + mountpoint + " does not exist (create it: mkdir -p "
          + mountpoint + ")");
    } catch (FileSystemException e) { // too long a name, a loop, no access: what the system says
      String reason = e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
      throw new UserException("mountpoint " + Printable.of(mountpoint.toString()) + ": "
          + reason.toLowerCase(Locale.ROOT)); // cut: the reason must stay on the line

    }
    if (!attributes.isDirectory()) {
      throw new UserException("mountpoint " + mountpoint + " is not a directory");
    }
    if (onWindows()) {
      return; // ProjFS: a non-empty directory may be holofs's root from an earlier run; it decides
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(mountpoint)) {
      if (entries.iterator().hasNext()) {
        throw new UserException("mountpoint " + mountpoint + " is not empty");
      }
    }
  }

  /**
   * Whether this is Windows, where a mount is a ProjFS virtualization root: no mount table, and
   * no unmount from another process.
   */
  static boolean onWindows() {
    return System.getProperty("os.name", "").startsWith("Windows");
  }
}
