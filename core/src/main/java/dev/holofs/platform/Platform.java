package dev.holofs.platform;

import dev.holofs.Mount;
import dev.holofs.Projection;
import dev.holofs.spi.Collation;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One way of projecting onto this machine's file system: FUSE on Linux, ProjFS on Windows.
 * Implementations are listed in {@code META-INF/services/dev.holofs.platform.Platform} and found
 * with {@link java.util.ServiceLoader}; {@link Projection#mount} takes the first available one.
 * Internal: users never see this type.
 */
public interface Platform {

  /** A short name for messages, e.g. {@code FUSE}. */
  String name();

  /** Why this platform cannot be used on this machine, in one line, or null if it can. */
  String unavailabilityCause();

  /**
   * The order this platform needs listings in, or null if it takes the projection's own. ProjFS
   * needs {@link Collation#WINDOWS}: Windows sorts and looks names up case-insensitively.
   */
  Collation requiredCollation();

  /**
   * Projects {@code projection} onto {@code mountpoint} and returns once the root is usable. The
   * projection's collation is already the one this platform requires. Called only when
   * {@link #unavailabilityCause()} is null.
   *
   * @throws IOException with a one-line message if it cannot be mounted
   */
  Mount mount(Projection projection, Path mountpoint) throws IOException;
}
