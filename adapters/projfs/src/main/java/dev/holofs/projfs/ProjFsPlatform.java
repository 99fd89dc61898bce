package dev.holofs.projfs;

import dev.holofs.Mount;
import dev.holofs.Projection;
import dev.holofs.platform.Platform;
import dev.holofs.spi.Collation;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Windows, through ProjFS: registered in {@code META-INF/services} so that {@link Projection#mount}
 * finds it. Mounting marks the directory as a virtualization root and starts virtualizing it;
 * closing the mount stops. Public only because {@link java.util.ServiceLoader} instantiates it;
 * everything else in this package is internal.
 */
public final class ProjFsPlatform implements Platform {

  /** For {@link java.util.ServiceLoader}. */
  public ProjFsPlatform() {}

  @Override
  public String name() {
    return "ProjFS";
  }

  @Override
  public String unavailabilityCause() {
    if (!System.getProperty("os.name", "").startsWith("Windows")) {
      return "ProjFS needs Windows; this is " + System.getProperty("os.name");
    }
    try {
      ProjectedFsLib.load();
      return null;
    } catch (LinkageError e) { // no such DLL, or no JNA for this machine
      return "ProjectedFSLib.dll cannot be loaded; enable ProjFS (as administrator, in PowerShell: "
          + "Enable-WindowsOptionalFeature -Online -FeatureName Client-ProjFS)";
    }
  }

  /** Windows lists and looks names up case-insensitively, in PrjFileNameCompare order. */
  @Override
  public Collation requiredCollation() {
    return Collation.WINDOWS;
  }

  @Override
  public Mount mount(Projection projection, Path mountpoint) throws IOException {
    String cause = unavailabilityCause();
    if (cause != null) {
      throw new IOException(cause);
    }
    return ProjFsMount.start(ProjectedFsLib.load(), projection, mountpoint, ProjFsMount.MAX_CHUNK);
  }
}
