package dev.holofs.testkit;

import dev.holofs.spi.PlaceholderInfo;
import java.util.List;
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

  /** The names of {@code entries}, in order. */
  public static List<String> names(List<Entry> entries) {
    return entries.stream().map(Entry::name).toList();
  }
}
