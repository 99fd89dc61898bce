package dev.holofs.cli;

import dev.holofs.Mount;
import dev.holofs.spi.Provider;
import java.util.function.Consumer;

/**
 * An opened SOURCE: the provider to project, what to close once it is unmounted (a no-op for
 * sources that hold nothing), what to tell once it is mounted (an S3 provider invalidates
 * replaced objects through the mount), and how to wait until it is ready.
 *
 * <p>A source may still be opening in the background when it is returned (a zip archive's
 * central directory is being read): every command awaits {@link #ready} before the source is in
 * use — {@code mount} once the mount is made, so both proceed at once; {@code vm run} before the
 * VM is created — and so refuses a source that cannot be read with the same one-line error.
 */
record OpenSource(Provider provider, AutoCloseable resource, Consumer<Mount> mounted,
    Readiness ready) {

  /** Waits until a source can answer requests. */
  @FunctionalInterface
  interface Readiness {
    /** Returns once ready; throws with a one-line reason if the source turned out unusable. */
    void await() throws UserException;
  }

  OpenSource(Provider provider, AutoCloseable resource, Consumer<Mount> mounted) {
    this(provider, resource, mounted, () -> {});
  }

  OpenSource(Provider provider, AutoCloseable resource) {
    this(provider, resource, mount -> {});
  }

  /** A source that holds no resource. */
  static OpenSource of(Provider provider) {
    return new OpenSource(provider, () -> {});
  }
}
