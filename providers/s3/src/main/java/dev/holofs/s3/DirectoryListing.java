package dev.holofs.s3;

import dev.holofs.spi.Collation;
import dev.holofs.spi.Command;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.FileNames;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One enumeration session's walk through ListObjectsV2 pages of a directory.
 *
 * <p>S3 returns keys in UTF-8 byte order, where a directory {@code a/} sorts after {@code a-b} and
 * {@code a.txt}; in name order {@code a} comes first. Entries therefore wait in {@link #pending},
 * sorted by the collation, until no later page can bring a name that sorts before them: for
 * byte order that is once the pages have passed {@code m/} for every prefix {@code m} of the name
 * followed by a character below {@code /} (and the name itself, for a file, which a directory of
 * the same name shadows). Windows order needs the whole directory first. A buffer that fills
 * keeps the rest of the page for the next call; a call that resumes elsewhere starts a new walk
 * with {@code StartAfter}, never from the top.
 */
final class DirectoryListing {

  /** ListObjectsV2 with delimiter {@code /}: {@link Bucket#list}. */
  interface Pages {
    CompletableFuture<ListObjectsV2Response> list(String prefix, String startAfter, String token, int maxKeys);
  }

  private final Pages pages;
  private final ProjectedPath directory;
  private final String prefix;
  private final Collation collation;
  private final int pageSize;
  private final Placeholders placeholders;
  private final OnceLog log;

  private final TreeMap<String, PlaceholderInfo> pending;
  private String after;        // names up to here (collation) were delivered before this walk
  private String startAfter;   // the first page's StartAfter
  private String token;        // later pages' continuation token
  private String watermark;    // the greatest key (relative to prefix) the pages returned so far
  private boolean complete;
  private boolean sawAny;      // the directory exists: some key lies under its prefix
  private String lastDelivered;
  private boolean walking;
  private long generation;     // a call's chain stops once a later call began
  private CompletableFuture<ListObjectsV2Response> ahead; // the next page, asked for early
  private String aheadToken;

  DirectoryListing(Pages pages, ProjectedPath directory, String prefix, Collation collation,
      int pageSize, Placeholders placeholders, OnceLog log) {
    this.pages = pages;
    this.directory = directory;
    this.prefix = prefix;
    this.collation = collation;
    this.pageSize = pageSize;
    this.placeholders = placeholders;
    this.log = log;
    this.pending = new TreeMap<>(collation);
  }

  /**
   * Fills {@code sink} from where the engine says this session stands; completes when the buffer
   * is full or the directory has no more entries.
   */
  CompletableFuture<Void> fill(Command command, String resumeAfter, boolean restart, EntrySink sink) {
    long call;
    synchronized (this) {
      if (restart || !walking || !Objects.equals(resumeAfter, lastDelivered)) {
        startWalk(resumeAfter);
      }
      call = ++generation;
    }
    return pump(command, call, sink);
  }

  private void startWalk(String resumeAfter) {
    dropAhead();
    pending.clear();
    after = resumeAfter;
    startAfter = resumeAfter == null ? null : prefix + resumeAfter;
    token = null;
    watermark = null;
    complete = false;
    sawAny = false;
    lastDelivered = resumeAfter;
    walking = true;
  }

  private CompletableFuture<Void> pump(Command command, long call, EntrySink sink) {
    String pageStart;
    String pageToken;
    synchronized (this) {
      if (call != generation) {
        return CompletableFuture.completedFuture(null);
      }
      if (deliver(sink)) {
        return CompletableFuture.completedFuture(null);
      }
      if (complete) {
        if (!sawAny && startAfter == null && !directory.isRoot()) {
          walking = false;
          return CompletableFuture.failedFuture(new NoSuchFileException(directory.toString()));
        }
        return CompletableFuture.completedFuture(null);
      }
      pageStart = startAfter;
      pageToken = token;
    }
    if (command.isCancelled()) {
      return CompletableFuture.failedFuture(new CancellationException());
    }
    CompletableFuture<ListObjectsV2Response> page = takeAhead(pageToken);
    if (page == null) {
      page = pages.list(prefix, pageStart, pageToken, pageSize);
    }
    CompletableFuture<ListObjectsV2Response> asked = page;
    command.onCancel(() -> asked.cancel(true));
    return page.handle((response, failure) -> {
      if (failure != null) {
        throw S3Errors.completion(failure, prefix.isEmpty() ? "/" : prefix);
      }
      synchronized (this) {
        if (call == generation) {
          absorb(response);
        }
      }
      return null;
    }).thenCompose(ignored -> pump(command, call, sink));
  }

  private synchronized CompletableFuture<ListObjectsV2Response> takeAhead(String pageToken) {
    if (ahead == null || pageToken == null || !pageToken.equals(aheadToken)) {
      return null;
    }
    CompletableFuture<ListObjectsV2Response> page = ahead;
    ahead = null;
    return page;
  }

  private void dropAhead() {
    if (ahead != null) {
      ahead.cancel(true);
      ahead = null;
    }
  }

  /** The session ended: a page asked for early is no longer wanted. */
  synchronized void close() {
    dropAhead();
  }

  /** Hands safe entries to the sink in order; @return whether the sink is full. */
  private boolean deliver(EntrySink sink) {
    while (!pending.isEmpty()) {
      Map.Entry<String, PlaceholderInfo> first = pending.firstEntry();
      if (!complete && !isFinal(first.getKey(), first.getValue())) {
        return false;
      }
      if (!sink.add(first.getKey(), first.getValue())) {
        return true;
      }
      lastDelivered = first.getKey();
      pending.pollFirstEntry();
    }
    return false;
  }

  /** Whether no page still to come can hold a name that sorts before {@code name} (or shadows it). */
  private boolean isFinal(String name, PlaceholderInfo info) {
    if (collation != Collation.BYTE_ORDER || watermark == null) {
      return false;
    }
    for (int i = 1; i <= name.length(); i++) {
      boolean candidate = i == name.length() ? !info.isDirectory() : name.charAt(i) < '/';
      if (candidate && FileNames.compareCodePoints(name.substring(0, i) + "/", watermark) > 0) {
        return false;
      }
    }
    return true;
  }

  private void absorb(ListObjectsV2Response page) {
    for (CommonPrefix p : page.commonPrefixes()) {
      String relative = p.prefix().substring(prefix.length());
      sawAny = true;
      advance(relative);
      offer(relative.substring(0, relative.length() - 1), p.prefix(), Placeholders.directory());
    }
    for (S3Object o : page.contents()) {
      String relative = o.key().substring(prefix.length());
      sawAny = true;
      advance(relative);
      if (!relative.isEmpty()) { // the empty name is the directory's own marker object
        offer(relative, o.key(), Placeholders.file(o));
      }
    }
    if (Boolean.TRUE.equals(page.isTruncated()) && page.nextContinuationToken() != null) {
      token = page.nextContinuationToken();
      // Ask for the next page now: the server's time overlaps the kernel's reading of this one.
      dropAhead();
      aheadToken = token;
      ahead = pages.list(prefix, null, token, pageSize);
    } else {
      complete = true;
    }
  }

  private void advance(String relativeKey) {
    if (watermark == null || FileNames.compareCodePoints(relativeKey, watermark) > 0) {
      watermark = relativeKey;
    }
  }

  private void offer(String name, String key, PlaceholderInfo info) {
    if (!Keys.isValidName(name)) {
      log.warn(key, "skipped: not a valid file name");
      return;
    }
    placeholders.remember(directory.resolve(name), info);
    if (after != null && collation.compare(name, after) <= 0) {
      return;
    }
    PlaceholderInfo existing = pending.get(name);
    if (existing == null) {
      pending.put(name, info);
    } else if (existing.isDirectory() != info.isDirectory()) {
      log.warn(prefix + name, "object hidden by a directory of the same name");
      pending.put(name, Placeholders.directory());
    }
  }
}
