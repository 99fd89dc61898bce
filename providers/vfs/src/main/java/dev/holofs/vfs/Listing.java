package dev.holofs.vfs;

import dev.holofs.spi.Collation;
import dev.holofs.spi.PlaceholderInfo;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;

/** One directory's entries, sorted in a collation: names and their placeholders side by side. */
final class Listing {

  private final Collation collation;
  private final String[] names;
  private final PlaceholderInfo[] infos;
  private final long fetchedAt;
  private final long fetchCost;

  private Listing(Collation collation, String[] names, PlaceholderInfo[] infos, long fetchedAt,
      long fetchCost) {
    this.collation = collation;
    this.names = names;
    this.infos = infos;
    this.fetchedAt = fetchedAt;
    this.fetchCost = fetchCost;
  }

  /** This listing, fetched from {@code start} to {@code end} ({@link System#nanoTime()}). */
  Listing fetched(long start, long end) {
    return new Listing(collation, names, infos, end, end - start);
  }

  /** When it was fetched ({@link System#nanoTime()}). */
  long fetchedAt() {
    return fetchedAt;
  }

  /** How long fetching it took, in nanoseconds. */
  long fetchCost() {
    return fetchCost;
  }

  /** The entries of {@code entries}, sorted by {@code collation}. */
  static Listing of(Map<String, PlaceholderInfo> entries, Collation collation) {
    String[] names = entries.keySet().toArray(String[]::new);
    Arrays.sort(names, collation);
    PlaceholderInfo[] infos = new PlaceholderInfo[names.length];
    for (int i = 0; i < names.length; i++) {
      infos[i] = entries.get(names[i]);
    }
    long now = System.nanoTime();
    return new Listing(collation, names, infos, now, 0);
  }

  Collation collation() {
    return collation;
  }

  int size() {
    return names.length;
  }

  String name(int i) {
    return names[i];
  }

  PlaceholderInfo info(int i) {
    return infos[i];
  }

  /** Where a listing resumes after {@code name}. */
  int indexAfter(String name) {
    return name == null ? 0 : collation.indexAfter(names.length, i -> names[i], name);
  }

  /** The entry named {@code name} (as the collation compares names), or null. */
  PlaceholderInfo find(String name) {
    int i = Arrays.binarySearch(names, name, (Comparator<String>) collation);
    return i >= 0 ? infos[i] : null;
  }
}
