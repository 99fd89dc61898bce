package dev.holofs;

import dev.holofs.platform.Platform;
import dev.holofs.spi.Collation;
import java.nio.file.Path;

/** Two platforms registered for core's tests (META-INF/services in test resources). */
final class TestPlatforms {

  private TestPlatforms() {}

  /** Never available. */
  public static final class Nowhere implements Platform {
    @Override public String name() { return "Nowhere"; }
    @Override public String unavailabilityCause() { return "not on this machine"; }
    @Override public Collation requiredCollation() { return null; }
    @Override public Mount mount(Projection projection, Path mountpoint) {
      throw new AssertionError("an unavailable platform was asked to mount");
    }
  }

  /** Available when a test says so; requires Windows order; records what it was asked to mount. */
  public static final class Switchable implements Platform {
    static volatile String cause = "switched off";
    static volatile Projection mounted;

    @Override public String name() { return "Switchable"; }
    @Override public String unavailabilityCause() { return cause; }
    @Override public Collation requiredCollation() { return Collation.WINDOWS; }
    @Override public Mount mount(Projection projection, Path mountpoint) {
      mounted = projection;
      return null;
    }
  }
}
