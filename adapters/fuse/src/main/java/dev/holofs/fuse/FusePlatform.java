package dev.holofs.fuse;

import dev.holofs.Mount;
import dev.holofs.Projection;
import dev.holofs.platform.Platform;
import dev.holofs.spi.Collation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Linux, through FUSE: registered in {@code META-INF/services} so that {@link Projection#mount}
 * finds it. Public only because {@link java.util.ServiceLoader} instantiates it; everything else in
 * this package but {@link FuseOptions} is internal.
 */
public final class FusePlatform implements Platform {

  /** For {@link java.util.ServiceLoader}. */
  public FusePlatform() {}

  @Override
  public String name() {
    return "FUSE";
  }

  @Override
  public String unavailabilityCause() {
    if (!System.getProperty("os.name", "").startsWith("Linux")) {
      return "FUSE mounts need Linux; this is " + System.getProperty("os.name");
    }
    if (!Files.exists(Path.of("/dev/fuse"))) {
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

  /** Null: Linux takes the projection's collation, byte order by default. */
  @Override
  public Collation requiredCollation() {
    return null;
  }

  @Override
  public Mount mount(Projection projection, Path mountpoint) throws IOException {
    String cause = unavailabilityCause();
    if (cause != null) {
      throw new IOException(cause);
    }
    return FuseMount.mount(projection, mountpoint, Mounter.defaultMethod());
  }
}
