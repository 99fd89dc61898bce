package dev.holofs;

import dev.holofs.platform.Platform;
import dev.holofs.spi.Collation;
import dev.holofs.spi.Provider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider and the options it is projected with; {@link #mount} makes it a real directory, on
 * Linux through FUSE, on Windows through ProjFS: whichever platform adapter on the class path can
 * be used here.
 *
 * <pre>{@code
 * try (Mount mount = Projection.builder(new MyProvider()).build().mount(Path.of("/mnt/demo"))) {
 *   mount.awaitUnmount();
 * }
 * }</pre>
 *
 * <p>{@code concurrentThreadCount} and {@code poolThreadCount} keep their ProjFS meaning: at most
 * {@code concurrentThreadCount} callbacks execute provider code at one instant (0: the number of
 * processors); up to {@code poolThreadCount} may be in flight, the extra ones blocked in
 * {@link dev.holofs.spi.Command#blocking} (0: twice {@code concurrentThreadCount}). Options only
 * one platform has are given as {@link PlatformOptions}.
 */
public final class Projection {

  private final Provider provider;
  private final int concurrentThreadCount;
  private final int poolThreadCount;
  private final Collation collation;
  private final boolean collationChosen;
  private final Map<Class<?>, PlatformOptions> platformOptions;

  private Projection(Builder b) {
    this.provider = b.provider;
    this.concurrentThreadCount = b.concurrentThreadCount > 0
        ? b.concurrentThreadCount : Runtime.getRuntime().availableProcessors();
    this.poolThreadCount = b.poolThreadCount > 0 ? b.poolThreadCount : 2 * concurrentThreadCount;
    if (poolThreadCount < concurrentThreadCount) {
      throw new IllegalArgumentException("poolThreadCount " + poolThreadCount
          + " is below concurrentThreadCount " + concurrentThreadCount);
    }
    this.collation = b.collation == null ? Collation.BYTE_ORDER : b.collation;
    this.collationChosen = b.collation != null;
    this.platformOptions = Map.copyOf(b.platformOptions);
  }

  private Projection(Projection p, Collation collation) {
    this.provider = p.provider;
    this.concurrentThreadCount = p.concurrentThreadCount;
    this.poolThreadCount = p.poolThreadCount;
    this.collation = collation;
    this.collationChosen = true;
    this.platformOptions = p.platformOptions;
  }

  /** Starts configuring a projection of {@code provider}. */
  public static Builder builder(Provider provider) {
    return new Builder(provider);
  }

  /**
   * Why no projection can be mounted on this machine, naming each platform adapter on the class
   * path and its reason, or null if one can be.
   */
  public static String unavailabilityCause() {
    return Platforms.unavailabilityCause();
  }

  /**
   * Mounts this projection on {@code mountpoint}, an existing empty directory, through the first
   * platform that can be used here, and returns once the root is usable.
   *
   * @throws IOException with a one-line message if it cannot be mounted; if no platform can be
   *     used, the message names each one and why (see {@link #unavailabilityCause()})
   */
  public Mount mount(Path mountpoint) throws IOException {
    Platform platform = Platforms.available();
    if (platform == null) {
      throw new IOException(Platforms.unavailabilityCause());
    }
    Collation required = platform.requiredCollation();
    if (required == null || required == collation) {
      return platform.mount(this, mountpoint);
    }
    if (collationChosen) {
      throw new IOException(platform.name() + " lists names in " + required
          + " collation; this projection asks for " + collation);
    }
    return platform.mount(new Projection(this, required), mountpoint);
  }

  /** The provider whose items are projected. */
  public Provider provider() { return provider; }
  /** Resolved: never 0. */
  public int concurrentThreadCount() { return concurrentThreadCount; }
  /** Resolved: never 0. */
  public int poolThreadCount() { return poolThreadCount; }
  /**
   * The order listings are given in: the one chosen, else the one the platform requires once
   * mounted, else {@link Collation#BYTE_ORDER}.
   */
  public Collation collation() { return collation; }

  /** The options of type {@code type} given to the builder, if any. */
  public <T extends PlatformOptions> Optional<T> platformOptions(Class<T> type) {
    return Optional.ofNullable(type.cast(platformOptions.get(type)));
  }

  /** Configures a {@link Projection}. */
  public static final class Builder {
    private final Provider provider;
    private int concurrentThreadCount;
    private int poolThreadCount;
    private Collation collation;
    private final Map<Class<?>, PlatformOptions> platformOptions = new LinkedHashMap<>();

    private Builder(Provider provider) {
      this.provider = Objects.requireNonNull(provider, "provider");
    }

    /** ProjFS's ConcurrentThreadCount; 0 means the number of processors. */
    public Builder concurrentThreadCount(int n) {
      this.concurrentThreadCount = nonNegative(n, "concurrentThreadCount");
      return this;
    }

    /** ProjFS's PoolThreadCount; 0 means twice concurrentThreadCount. */
    public Builder poolThreadCount(int n) {
      this.poolThreadCount = nonNegative(n, "poolThreadCount");
      return this;
    }

    /**
     * The order listings are given in. Unset, it is the one the platform requires (Windows order
     * on ProjFS), else {@link Collation#BYTE_ORDER}; set, mounting on a platform that requires
     * another fails.
     */
    public Builder collation(Collation collation) {
      this.collation = Objects.requireNonNull(collation);
      return this;
    }

    /**
     * Options for one platform, e.g. {@code FuseOptions}; replaces earlier options of the same
     * type. Platforms ignore the types they do not know.
     */
    public Builder platformOptions(PlatformOptions options) {
      platformOptions.put(options.getClass(), options);
      return this;
    }

    /**
     * The projection, with thread counts of 0 resolved; throws {@link IllegalArgumentException} if
     * poolThreadCount is then below concurrentThreadCount.
     */
    public Projection build() {
      return new Projection(this);
    }

    private static int nonNegative(int n, String what) {
      if (n < 0) {
        throw new IllegalArgumentException(what + " must be >= 0: " + n);
      }
      return n;
    }
  }
}
