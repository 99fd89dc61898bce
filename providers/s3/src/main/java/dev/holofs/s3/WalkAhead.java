package dev.holofs.s3;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * First listing pages of the directories a tree walk ({@code find}, {@code du}, {@code ls -R}) is
 * about to enter, asked for before it gets there: a walk lists one directory after the other and
 * would otherwise wait for each LIST in turn.
 *
 * <p>A listing that starts on a subdirectory {@code D} of a directory listed a moment ago is taken
 * for a walk. Then the first pages of the next {@link #AHEAD} siblings of {@code D} (in listing
 * order, as walkers go) and of the first {@link #AHEAD} subdirectories of {@code D} are asked for
 * now, and handed to their listings when those start. Listing one directory, or the root, costs
 * no extra request; a page nobody took within {@link #KEEP} is dropped (aborted if in flight).
 */
final class WalkAhead implements DirectoryListing.Pages {

  /** Siblings, and children, asked for ahead of a walker. */
  static final int AHEAD = 8;
  /** How long a page asked for early waits for its listing. */
  static final Duration KEEP = Duration.ofSeconds(30);
  /** How old the page a bucket was checked with may be when its first listing takes it. */
  static final Duration OPENING_FRESH = Duration.ofSeconds(1);

  private final DirectoryListing.Pages pages;
  /** How long the opening page is kept for its listing after its arrival: then it is dropped. */
  private final Duration openingFresh;
  /** Subdirectory prefixes (of a first page) of each directory prefix listed lately. */
  private final Cache<String, List<String>> children = CacheBuilder.newBuilder()
      .maximumSize(256).expireAfterWrite(KEEP).build();
  private final Cache<String, CompletableFuture<ListObjectsV2Response>> early =
      EarlyRequests.cache(4 * AHEAD, KEEP);
  /** The page the bucket was checked with ({@link #openingPage}) until taken; null after. */
  private final AtomicReference<CompletableFuture<ListObjectsV2Response>> opening =
      new AtomicReference<>();
  private volatile String openingPrefix;
  /** When the opening page arrived (nanoTime); 0 while it is on its way. */
  private volatile long openingArrived;

  /** Pages from {@code pages}; the opening page is kept for {@code openingFresh} after it came. */
  WalkAhead(DirectoryListing.Pages pages, Duration openingFresh) {
    this.pages = pages;
    this.openingFresh = openingFresh;
  }

  @Override
  public CompletableFuture<ListObjectsV2Response> list(String prefix, String startAfter, String token,
      int maxKeys) {
    if (startAfter != null || token != null) {
      return pages.list(prefix, startAfter, token, maxKeys);
    }
    CompletableFuture<ListObjectsV2Response> page = takeOpening(prefix);
    if (page == null) {
      page = early.asMap().remove(prefix);
    }
    if (page == null || page.isCompletedExceptionally()) {
      page = firstPage(prefix, maxKeys);
    }
    List<String> siblings = siblingsInWalk(prefix);
    if (siblings == null) {
      return page;
    }
    int at = siblings.indexOf(prefix);
    ask(siblings.subList(at + 1, Math.min(siblings.size(), at + 1 + AHEAD)), maxKeys);
    // Asked before the listing gets its page (a dependent stage of the returned future), so a
    // walker entering a child at once finds the child's page already on its way.
    CompletableFuture<ListObjectsV2Response> first = page;
    return Bucket.abortingWith(first, first.thenApply(p -> {
      ask(subdirectories(p, AHEAD), maxKeys);
      return p;
    }));
  }

  /** The subdirectories {@code prefix} is one of, if its parent was listed a moment ago; else null. */
  private List<String> siblingsInWalk(String prefix) {
    String parent = parent(prefix);
    List<String> siblings = parent == null ? null : children.getIfPresent(parent);
    return siblings != null && siblings.contains(prefix) ? siblings : null;
  }

  private void ask(List<String> prefixes, int maxKeys) {
    if (early.size() >= 2 * AHEAD) {
      // A deep walk asks at every level; pages asked for above would be evicted (a LIST paid for
      // and aborted) before the walker comes back up to them. Let the walker catch up first.
      return;
    }
    for (String p : prefixes) {
      early.asMap().computeIfAbsent(p, key -> firstPage(key, maxKeys));
    }
  }

  /**
   * The first page of {@code prefix}, asked for to check that a bucket can be listed: the first
   * listing of {@code prefix} takes it if it comes within the opening's freshness window of its
   * {@linkplain #openingArrived arrival} (a mount listed at once costs no second request; one
   * listed later is listed anew). Not a walk's page: listing the root and then a directory is a
   * walk, the open is not.
   */
  CompletableFuture<ListObjectsV2Response> openingPage(String prefix, int maxKeys) {
    CompletableFuture<ListObjectsV2Response> page = pages.list(prefix, null, null, maxKeys);
    openingPrefix = prefix;
    opening.set(page);
    return page;
  }

  /**
   * The opening page arrived (the open joined it): fresh from now, and dropped once stale even if
   * no listing comes (a mount that never lists does not keep it for good).
   */
  void openingArrived() {
    openingArrived = System.nanoTime();
    CompletableFuture<ListObjectsV2Response> page = opening.get();
    CompletableFuture.delayedExecutor(openingFresh.toNanos(), TimeUnit.NANOSECONDS)
        .execute(() -> opening.compareAndSet(page, null));
  }

  /** Whether the opening page is still kept for its listing: a test sees it dropped once stale. */
  boolean keepsOpeningPage() {
    return opening.get() != null;
  }

  /**
   * The opening page if this first listing is its prefix's and it is fresh; dropped once stale,
   * whichever prefix is listed.
   */
  private CompletableFuture<ListObjectsV2Response> takeOpening(String prefix) {
    CompletableFuture<ListObjectsV2Response> page = opening.get();
    if (page == null) {
      return null;
    }
    long arrived = openingArrived;
    boolean stale = arrived != 0 && System.nanoTime() - arrived >= openingFresh.toNanos();
    if (!stale && !prefix.equals(openingPrefix)) {
      return null; // fresh, and another prefix's: kept for it
    }
    if (!opening.compareAndSet(page, null)) {
      return null; // taken by another listing
    }
    return stale ? null : remembered(prefix, page); // a stale page is dropped
  }

  /** The first page of {@code prefix}; its subdirectories are remembered for the walk. */
  private CompletableFuture<ListObjectsV2Response> firstPage(String prefix, int maxKeys) {
    return remembered(prefix, pages.list(prefix, null, null, maxKeys));
  }

  /** {@code page}, the first of {@code prefix}, whose subdirectories are remembered for the walk. */
  private CompletableFuture<ListObjectsV2Response> remembered(String prefix,
      CompletableFuture<ListObjectsV2Response> page) {
    // Remembered before the listing gets the page, so its next listing is seen as a walk.
    return Bucket.abortingWith(page, page.thenApply(first -> {
      if (!first.commonPrefixes().isEmpty()) {
        children.put(prefix, subdirectories(first, Integer.MAX_VALUE));
      }
      return first;
    }));
  }

  private static List<String> subdirectories(ListObjectsV2Response page, int most) {
    List<String> out = new ArrayList<>(Math.min(most, page.commonPrefixes().size()));
    for (CommonPrefix p : page.commonPrefixes()) {
      if (out.size() == most) {
        break;
      }
      out.add(p.prefix());
    }
    return out;
  }

  /** {@code a/b/} -> {@code a/}; {@code a/} -> the empty prefix; the empty prefix -> null. */
  static String parent(String prefix) {
    if (prefix.isEmpty()) {
      return null;
    }
    int cut = prefix.lastIndexOf('/', prefix.length() - 2);
    return cut < 0 ? "" : prefix.substring(0, cut + 1);
  }
}
