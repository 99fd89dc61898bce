package dev.holofs.projfs;

import dev.holofs.Mount;
import dev.holofs.Projection;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The Windows adapter's one public face: whether ProjFS can be used here, and serving a projection
 * on a virtualization root. Everything else in this package is internal.
 */
public final class ProjFs {

  private ProjFs() {}

  /** Why ProjFS cannot be used here, or null if it can. */
  public static String unavailabilityCause() {
    if (!System.getProperty("os.name", "").startsWith("Windows")) {
      return "ProjFS needs Windows; this is " + System.getProperty("os.name");
    }
    try {
      ProjectedFsLib.load();
      return null;
    } catch (UnsatisfiedLinkError e) {
      return "ProjectedFSLib.dll cannot be loaded (enable ProjFS: Enable-WindowsOptionalFeature "
          + "-Online -FeatureName Client-ProjFS): " + e.getMessage();
    }
  }

  /**
   * Serves {@code projection} on {@code root}, an empty directory (or one holofs served before):
   * marks it as a virtualization root and starts ProjFS. Closing the mount stops virtualizing.
   *
   * @throws IOException with a one-line message if it cannot be served
   */
  public static Mount mount(Projection projection, Path root) throws IOException {
    String cause = unavailabilityCause();
    if (cause != null) {
      throw new IOException(cause);
    }
    return ProjFsMount.start(ProjectedFsLib.load(), projection, root, ProjFsMount.MAX_CHUNK);
  }
}
