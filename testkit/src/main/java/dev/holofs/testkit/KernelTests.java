package dev.holofs.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.holofs.Projection;

/**
 * The rule for tests that need a real kernel mount: they skip where no platform can mount (see
 * {@link Projection#unavailabilityCause()}), unless the environment variable
 * {@code HOLOFS_REQUIRE_FUSE=1} says FUSE must be there (CI sets it where {@code /dev/fuse}
 * exists), in which case they fail. The adapter must be on the test's class path
 * ({@code holofs-fuse}, test scope).
 */
public final class KernelTests {

  private KernelTests() {}

  /** Skips the calling test if nothing can mount; fails it instead under HOLOFS_REQUIRE_FUSE=1. */
  public static void requireFuse() {
    require(Projection.unavailabilityCause());
  }

  /** Skips, or fails under HOLOFS_REQUIRE_FUSE=1, when {@code cause} (not null) says why a test cannot run. */
  public static void require(String cause) {
    if (cause != null && "1".equals(System.getenv("HOLOFS_REQUIRE_FUSE"))) {
      throw new AssertionError("HOLOFS_REQUIRE_FUSE=1 but " + cause);
    }
    assumeTrue(cause == null, () -> cause);
  }
}
