package dev.holofs.fuse;

import dev.holofs.Mount;
import dev.holofs.Projection;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The Linux adapter's one public face: whether FUSE can be used here, and mounting. Everything
 * else in this package is internal.
 */
public final class Fuse {

  private Fuse() {}

  /** Whether a projection can be mounted on this machine through FUSE. */
  public static boolean isAvailable() {
    return unavailabilityCause() == null;
  }

  /** Why FUSE cannot be used here, or null if it can. */
  public static String unavailabilityCause() {
    if (!System.getProperty("os.name", "").startsWith("Linux")) {
      return "FUSE mounts need Linux; this is " + System.getProperty("os.name");
    }
    if (!java.nio.file.Files.exists(Path.of("/dev/fuse"))) {
      return "/dev/fuse does not exist (load the fuse module: modprobe fuse)";
    }
    return null;
  }

  /** Mounts {@code projection} on {@code mountpoint}; see {@link Projection#mount}. */
  public static Mount mount(Projection projection, Path mountpoint) throws IOException {
    throw new UnsupportedOperationException("the FUSE adapter is being written");
  }
}
