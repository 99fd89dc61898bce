package dev.holofs.testkit;

import dev.holofs.spi.PlaceholderInfo;
import java.util.Objects;

/**
 * One directory entry as a readdir reply carries it.
 *
 * @param name the entry's name, a single path component
 * @param info what the provider said the entry is
 */
public record Entry(String name, PlaceholderInfo info) {

  /** Checks both are present. */
  public Entry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(info, "info");
  }
}
