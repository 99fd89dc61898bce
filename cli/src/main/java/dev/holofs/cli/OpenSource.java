package dev.holofs.cli;

import dev.holofs.spi.Provider;

/**
 * An opened SOURCE: the provider to project, and what to close once it is unmounted (a no-op for
 * sources that hold nothing).
 */
record OpenSource(Provider provider, AutoCloseable resource) {

  /** A source that holds no resource. */
  static OpenSource of(Provider provider) {
    return new OpenSource(provider, () -> {});
  }
}
