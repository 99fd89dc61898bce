package dev.holofs.cli;

import dev.holofs.Mount;
import dev.holofs.spi.Provider;
import java.util.function.Consumer;

/**
 * An opened SOURCE: the provider to project, what to close once it is unmounted (a no-op for
 * sources that hold nothing), and what to tell once it is mounted (an S3 provider invalidates
 * replaced objects through the mount).
 */
record OpenSource(Provider provider, AutoCloseable resource, Consumer<Mount> mounted) {

  OpenSource(Provider provider, AutoCloseable resource) {
    this(provider, resource, mount -> {});
  }

  /** A source that holds no resource. */
  static OpenSource of(Provider provider) {
    return new OpenSource(provider, () -> {});
  }
}
