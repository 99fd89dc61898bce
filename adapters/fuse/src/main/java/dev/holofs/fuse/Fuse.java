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

  /**
   * System property: {@code true} asks the kernel for ASYNC_READ. Page-cache reads then go to the
   * provider in the background, which speeds up sequential reads, but a reader killed while it
   * waits no longer interrupts them, so the provider never hears a cancel. Off by default.
   */
  public static final String ASYNC_READ_PROPERTY = "holofs.fuse.asyncRead";

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
    try {
      if (!Mounter.isRoot() && Mounter.helperPath() == null) {
        return "mounting as a non-root user needs " + Mounter.HELPER + " (install fuse3)";
      }
    } catch (LinkageError e) {
      return "the native access library (JNA) cannot be loaded: " + e.getMessage();
    }
    return null;
  }

  /** Mounts {@code projection} on {@code mountpoint}; see {@link Projection#mount}. */
  public static Mount mount(Projection projection, Path mountpoint) throws IOException {
    String cause = unavailabilityCause();
    if (cause != null) {
      throw new IOException(cause);
    }
    return FuseMount.mount(projection, mountpoint, Mounter.defaultMethod(),
        Boolean.getBoolean(ASYNC_READ_PROPERTY));
  }
}
