package dev.holofs.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.holofs.fuse.Fuse;

/**
 * The rule for tests that need a real kernel mount: they skip where FUSE is unavailable, unless
 * the environment variable {@code HOLOFS_REQUIRE_FUSE=1} says it must be there (CI sets it where
 * {@code /dev/fuse} exists), in which case they fail.
 */
public final class KernelTests {

  private KernelTests() {}

  /** Skips the calling test if FUSE is unavailable; fails it instead under HOLOFS_REQUIRE_FUSE=1. */
  public static void requireFuse() {
    String cause = Fuse.unavailabilityCause();
    if (cause != null && "1".equals(System.getenv("HOLOFS_REQUIRE_FUSE"))) {
      throw new AssertionError("HOLOFS_REQUIRE_FUSE=1 but FUSE is unavailable: " + cause);
    }
    assumeTrue(cause == null, () -> "FUSE unavailable: " + cause);
  }
}
