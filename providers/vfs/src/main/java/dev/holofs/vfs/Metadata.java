package dev.holofs.vfs;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.util.concurrent.UncheckedExecutionException;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * Listings and single items the source described, each trusted for the metadata timeout (the
 * mount's cache timeout: after it the kernel asks again, and so do we). Bounded by entry count; a
 * load several callers need at once runs once.
 */
final class Metadata {

  private static final long MAX_LISTED_ENTRIES = 500_000;
  private static final long MAX_ITEMS = 100_000;
  private static final Duration RECENT = Duration.ofSeconds(30);

  private final Duration timeout;
  private final Cache<ProjectedPath, Listing> listings;
  private final Cache<ProjectedPath, Optional<PlaceholderInfo>> items;
  private final Cache<ProjectedPath, Boolean> listedLately;

  Metadata(Duration timeout) {
    this.timeout = timeout;
    // Freshness is checked per listing (see trusted); the cache's own expiry only bounds memory.
    this.listings = CacheBuilder.newBuilder()
        .maximumWeight(MAX_LISTED_ENTRIES)
        .<ProjectedPath, Listing>weigher((path, listing) -> 1 + listing.size())
        .expireAfterWrite(RECENT.compareTo(timeout) > 0 ? RECENT : timeout)
        .build();
    this.items = CacheBuilder.newBuilder()
        .maximumSize(MAX_ITEMS)
        .expireAfterWrite(timeout)
        .build();
    // Which directories were listed lately, to know which are being walked.
    this.listedLately = CacheBuilder.newBuilder()
        .maximumSize(10_000)
        .expireAfterWrite(RECENT.compareTo(timeout.multipliedBy(10)) > 0 ? RECENT : timeout.multipliedBy(10))
        .build();
  }

  /**
   * Whether {@code directory} was listed lately (though the listing is no longer trusted): its
   * items are being looked up one by one (ls -l, a copy), and listing it again costs one round
   * trip where asking for each item costs one per item.
   */
  boolean listedRecently(ProjectedPath directory) {
    return listedLately.getIfPresent(directory) != null;
  }

  /** The listing of {@code directory} if one is still trusted, else null. */
  Listing cachedListing(ProjectedPath directory) {
    Listing listing = listings.getIfPresent(directory);
    return listing != null && trusted(listing) ? listing : null;
  }

  /**
   * Whether {@code listing} is still trusted: for the timeout, and at least four times as long as
   * it took to fetch, so a directory too large to list within the timeout is not listed back to
   * back while it is being walked.
   */
  private boolean trusted(Listing listing) {
    long age = System.nanoTime() - listing.fetchedAt();
    return age < Math.max(timeout.toNanos(), 4 * listing.fetchCost());
  }

  /** The trusted listing of {@code directory}, loaded by {@code load} if there is none. */
  Listing listing(ProjectedPath directory, Callable<Listing> load) throws Exception {
    Listing listing = listings.getIfPresent(directory);
    if (listing != null && !trusted(listing)) {
      listings.asMap().remove(directory, listing); // stale: the next get loads it again, once
    }
    listing = get(listings, directory, () -> {
      long start = System.nanoTime();
      Listing loaded = load.call();
      return loaded.fetched(start, System.nanoTime());
    });
    listedLately.put(directory, Boolean.TRUE);
    return listing;
  }

  /** The trusted description of {@code path} (empty: no such item), loaded if there is none. */
  Optional<PlaceholderInfo> item(ProjectedPath path, Callable<Optional<PlaceholderInfo>> load)
      throws Exception {
    return get(items, path, load);
  }

  /** Forgets everything (after a failure that may mean the source changed). */
  void invalidate(ProjectedPath path) {
    listings.invalidate(path);
    items.invalidate(path);
  }

  private static <V> V get(Cache<ProjectedPath, V> cache, ProjectedPath key, Callable<V> load)
      throws Exception {
    try {
      return cache.get(key, load);
    } catch (ExecutionException | UncheckedExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }
}
