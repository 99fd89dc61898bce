package dev.holofs.fuse;

import dev.holofs.PlatformOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What only FUSE has: the kernel's cache timeouts, who may see the mount, the name in
 * {@code /proc/mounts}, how closing unmounts. Given to a projection with
 * {@code Projection.builder(provider).platformOptions(FuseOptions.builder()...build())}; other
 * platforms ignore it.
 *
 * <p>Unless set, the cache timeouts follow the provider: unbounded ({@link #FOREVER}) for one
 * that {@linkplain dev.holofs.spi.Provider#isImmutable() never changes}, {@link #DEFAULT_TIMEOUT}
 * otherwise.
 */
public final class FuseOptions implements PlatformOptions {

  /**
   * System property: {@code true} asks the kernel for ASYNC_READ unless {@link Builder#asyncRead}
   * says otherwise. Page-cache reads then go to the provider in the background, which speeds up
   * sequential reads, but a reader killed while it waits no longer interrupts them, so the
   * provider never hears a cancel. Off by default.
   */
  public static final String ASYNC_READ_PROPERTY = "holofs.fuse.asyncRead";

  /** The cache timeouts of a provider that may change, unless set: one second. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
  /**
   * The cache timeouts of a provider that never changes, unless set: about 68 years, as good as
   * forever (the kernel caps it further, and it still fits a {@code Duration} in nanoseconds).
   */
  public static final Duration FOREVER = Duration.ofSeconds(Integer.MAX_VALUE);

  private final Duration entryTimeout;
  private final Duration attributeTimeout;
  private final boolean allowOther;
  private final String fsName;
  private final boolean lazyUnmount;
  private final boolean asyncRead;

  private FuseOptions(Builder b) {
    this.entryTimeout = b.entryTimeout;
    this.attributeTimeout = b.attributeTimeout;
    this.allowOther = b.allowOther;
    this.fsName = b.fsName;
    this.lazyUnmount = b.lazyUnmount;
    this.asyncRead = b.asyncRead;
  }

  /** Starts from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The defaults: caches as long as the provider allows, only the mounting user, {@code holofs}, a
   * strict unmount.
   */
  public static FuseOptions defaults() {
    return builder().build();
  }

  /** How long the kernel may cache a name lookup (FUSE entry timeout); empty: as the provider allows. */
  public Optional<Duration> entryTimeout() { return Optional.ofNullable(entryTimeout); }
  /** How long the kernel may cache attributes (FUSE attr timeout); empty: as the provider allows. */
  public Optional<Duration> attributeTimeout() { return Optional.ofNullable(attributeTimeout); }
  /**
   * Whether users other than the mounting one may see the mount, as the projected modes allow
   * (FUSE {@code allow_other} with {@code default_permissions}); otherwise only the mounting user
   * gets in, and modes are not checked.
   */
  public boolean allowOther() { return allowOther; }
  /** The source name shown in {@code /proc/mounts}. */
  public String fsName() { return fsName; }
  /** Whether closing the mount detaches it even while it is busy ({@code umount -l}). */
  public boolean lazyUnmount() { return lazyUnmount; }
  /** Whether the kernel is asked for ASYNC_READ; see {@link #ASYNC_READ_PROPERTY}. */
  public boolean asyncRead() { return asyncRead; }

  /** Configures {@link FuseOptions}. */
  public static final class Builder {
    private Duration entryTimeout;
    private Duration attributeTimeout;
    private boolean allowOther;
    private String fsName = "holofs";
    private boolean lazyUnmount;
    private boolean asyncRead = Boolean.getBoolean(ASYNC_READ_PROPERTY);

    private Builder() {}

    /** Entry and attribute timeouts together; zero sends every lookup and stat to the provider. */
    public Builder cacheTimeout(Duration timeout) {
      return entryTimeout(timeout).attributeTimeout(timeout);
    }

    /**
     * How long the kernel may cache a name lookup, or that a name does not exist (FUSE entry
     * timeout); by default {@link #FOREVER} for an immutable provider, else {@link #DEFAULT_TIMEOUT}.
     */
    public Builder entryTimeout(Duration timeout) {
      this.entryTimeout = nonNegative(timeout);
      return this;
    }

    /** How long the kernel may cache attributes (FUSE attr timeout); defaults as {@link #entryTimeout}. */
    public Builder attributeTimeout(Duration timeout) {
      this.attributeTimeout = nonNegative(timeout);
      return this;
    }

    /** Lets users other than the mounting one see the mount; see {@link FuseOptions#allowOther()}. */
    public Builder allowOther(boolean allowOther) {
      this.allowOther = allowOther;
      return this;
    }

    /**
     * The source name shown in {@code /proc/mounts}, {@code holofs} by default: non-empty, without
     * spaces, commas or backslashes.
     */
    public Builder fsName(String fsName) {
      if (fsName.isEmpty() || fsName.matches(".*[\\s,\\\\].*")) {
        throw new IllegalArgumentException("fsName must be non-empty without spaces, commas or backslashes");
      }
      this.fsName = fsName;
      return this;
    }

    /**
     * Whether {@code Mount.close()} unmounts lazily: a busy mountpoint (open files, a process's
     * working directory) is detached anyway and those files then fail, instead of {@code close}
     * failing with a "busy" error. Off by default.
     */
    public Builder lazyUnmount(boolean lazyUnmount) {
      this.lazyUnmount = lazyUnmount;
      return this;
    }

    /** Whether to ask the kernel for ASYNC_READ; see {@link #ASYNC_READ_PROPERTY}. */
    public Builder asyncRead(boolean asyncRead) {
      this.asyncRead = asyncRead;
      return this;
    }

    /** The options. */
    public FuseOptions build() {
      return new FuseOptions(this);
    }

    private static Duration nonNegative(Duration d) {
      if (Objects.requireNonNull(d).isNegative()) {
        throw new IllegalArgumentException("negative timeout: " + d);
      }
      return d.compareTo(FOREVER) > 0 ? FOREVER : d;
    }
  }
}
