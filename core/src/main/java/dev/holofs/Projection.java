package dev.holofs;

import dev.holofs.fuse.Fuse;
import dev.holofs.spi.Collation;
import dev.holofs.spi.Provider;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A provider and the options it is projected with; {@link #mount} makes it a real directory.
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
 * {@link dev.holofs.spi.Command#blocking} (0: twice {@code concurrentThreadCount}). Both are at
 * most {@link #MAX_THREAD_COUNT}; pool threads are started as work needs them, not up front.
 */
public final class Projection {

  /**
   * The most threads either count may ask for: more only makes the machine struggle (each thread
   * reserves a stack), since blocked callbacks can be deferred and then hold no thread at all.
   */
  public static final int MAX_THREAD_COUNT = 1024;

  private final Provider provider;
  private final int concurrentThreadCount;
  private final int poolThreadCount;
  private final Collation collation;
  private final Duration entryTimeout;
  private final Duration attributeTimeout;
  private final boolean allowOther;
  private final String fsName;
  private final boolean lazyUnmount;

  private Projection(Builder b) {
    this.provider = b.provider;
    this.concurrentThreadCount = b.concurrentThreadCount > 0
        ? b.concurrentThreadCount : Runtime.getRuntime().availableProcessors();
    this.poolThreadCount = b.poolThreadCount > 0 ? b.poolThreadCount
        : Math.min(MAX_THREAD_COUNT, 2 * concurrentThreadCount);
    if (poolThreadCount < concurrentThreadCount) {
      throw new IllegalArgumentException("poolThreadCount " + poolThreadCount
          + " is below concurrentThreadCount " + concurrentThreadCount);
    }
    this.collation = b.collation;
    this.entryTimeout = b.entryTimeout;
    this.attributeTimeout = b.attributeTimeout;
    this.allowOther = b.allowOther;
    this.fsName = b.fsName;
    this.lazyUnmount = b.lazyUnmount;
  }

  /** Starts configuring a projection of {@code provider}. */
  public static Builder builder(Provider provider) {
    return new Builder(provider);
  }

  /**
   * Mounts this projection on {@code mountpoint}, an existing empty directory, and returns once the
   * root is usable. Linux only for now (FUSE); see {@link Fuse#unavailabilityCause()}.
   *
   * @throws IOException with a one-line message if it cannot be mounted
   */
  public Mount mount(Path mountpoint) throws IOException {
    return Fuse.mount(this, mountpoint);
  }

  /** The provider whose items are projected. */
  public Provider provider() { return provider; }
  /** Resolved: never 0. */
  public int concurrentThreadCount() { return concurrentThreadCount; }
  /** Resolved: never 0. */
  public int poolThreadCount() { return poolThreadCount; }
  /** The order listings are given in; {@link Collation#BYTE_ORDER} by default. */
  public Collation collation() { return collation; }
  /** How long the kernel may cache a name lookup (FUSE entry timeout). */
  public Duration entryTimeout() { return entryTimeout; }
  /** How long the kernel may cache attributes (FUSE attr timeout). */
  public Duration attributeTimeout() { return attributeTimeout; }
  /** Whether users other than the mounting one may see the mount (FUSE {@code allow_other}). */
  public boolean allowOther() { return allowOther; }
  /** The source name shown in {@code /proc/mounts}. */
  public String fsName() { return fsName; }
  /** Whether closing the mount detaches it even while it is busy ({@code umount -l}). */
  public boolean lazyUnmount() { return lazyUnmount; }

  /** Configures a {@link Projection}. */
  public static final class Builder {
    private final Provider provider;
    private int concurrentThreadCount;
    private int poolThreadCount;
    private Collation collation = Collation.BYTE_ORDER;
    private Duration entryTimeout = Duration.ofSeconds(1);
    private Duration attributeTimeout = Duration.ofSeconds(1);
    private boolean allowOther;
    private String fsName = "holofs";
    private boolean lazyUnmount;

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

    /** The order listings are given in; {@link Collation#BYTE_ORDER} by default. */
    public Builder collation(Collation collation) {
      this.collation = Objects.requireNonNull(collation);
      return this;
    }

    /** Entry and attribute timeouts together; zero sends every lookup and stat to the provider. */
    public Builder cacheTimeout(Duration timeout) {
      return entryTimeout(timeout).attributeTimeout(timeout);
    }

    /** How long the kernel may cache a name lookup (FUSE entry timeout); 1 second by default. */
    public Builder entryTimeout(Duration timeout) {
      this.entryTimeout = nonNegative(timeout);
      return this;
    }

    /** How long the kernel may cache attributes (FUSE attr timeout); 1 second by default. */
    public Builder attributeTimeout(Duration timeout) {
      this.attributeTimeout = nonNegative(timeout);
      return this;
    }

    /** Lets users other than the mounting one see the mount (FUSE {@code allow_other}). */
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
     * Whether {@link Mount#close()} unmounts lazily: a busy mountpoint (open files, a process's
     * working directory) is detached anyway and those files then fail, instead of {@code close}
     * failing with a "busy" error. Off by default.
     */
    public Builder lazyUnmount(boolean lazyUnmount) {
      this.lazyUnmount = lazyUnmount;
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
      if (n > MAX_THREAD_COUNT) {
        throw new IllegalArgumentException(what + " must be at most " + MAX_THREAD_COUNT + ": " + n);
      }
      return n;
    }

    private static Duration nonNegative(Duration d) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("negative timeout: " + d);
      }
      return d;
    }
  }
}
