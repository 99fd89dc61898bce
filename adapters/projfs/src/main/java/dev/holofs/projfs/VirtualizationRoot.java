package dev.holofs.projfs;

import com.sun.jna.WString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The directory ProjFS virtualizes. Its instance id is derived from its path, so it is the same
 * every time holofs serves that directory: ProjFS records the id when a directory is marked as a
 * root and refuses to re-mark it with another. An empty directory is marked; a non-empty one must
 * already be holofs's root for that path — anything else is refused, so holofs never serves on
 * top of someone's files.
 */
final class VirtualizationRoot {

  private final Path path;
  private final UUID instanceId;
  private final boolean wasEmpty;

  private VirtualizationRoot(Path path, UUID instanceId, boolean wasEmpty) {
    this.path = path;
    this.instanceId = instanceId;
    this.wasEmpty = wasEmpty;
  }

  /** holofs's instance id for the root at {@code path}. */
  static UUID instanceId(Path path) {
    String key = "holofs:" + path.toAbsolutePath().normalize().toString().toLowerCase(Locale.ROOT);
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
  }

  /** Checks {@code directory} and marks it as a root if it is empty. */
  static VirtualizationRoot prepare(ProjectedFsLib lib, Path directory) throws IOException {
    Path path = directory.toAbsolutePath().normalize();
    if (!Files.exists(path)) {
      throw new IOException(path + " does not exist");
    }
    if (!Files.isDirectory(path)) {
      throw new IOException(path + " is not a directory");
    }
    boolean empty;
    try (Stream<Path> entries = Files.list(path)) {
      empty = entries.findAny().isEmpty();
    }
    UUID id = instanceId(path);
    if (empty) {
      int hr = lib.PrjMarkDirectoryAsPlaceholder(new WString(path.toString()), null, null, Guid.of(id));
      // Already a root (ours, from an earlier run): PrjStartVirtualizing and the id check decide.
      if (Prj.failed(hr) && hr != Prj.HR_ERROR_REPARSE_POINT_ENCOUNTERED) {
        throw new IOException("cannot make " + path + " a virtualization root: " + Prj.hex(hr));
      }
    }
    return new VirtualizationRoot(path, id, empty);
  }

  Path path() {
    return path;
  }

  UUID instanceId() {
    return instanceId;
  }

  /** The error for PrjStartVirtualizing's failure {@code hr}. */
  IOException startFailure(int hr) {
    if (hr == Prj.HR_ERROR_NOT_A_REPARSE_POINT && !wasEmpty) {
      return new IOException("not a holofs virtualization root, and " + path + " is not empty");
    }
    return new IOException("cannot virtualize " + path + ": PrjStartVirtualizing failed with "
        + Prj.hex(hr));
  }

  /** The error when the running instance's id is not holofs's for this root. */
  IOException foreignRoot(UUID found) {
    return new IOException(path + " is the virtualization root of another provider (instance "
        + found + "); mount on an empty directory");
  }
}
