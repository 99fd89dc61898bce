package dev.holofs.fuse;

import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One directory being read: an engine enumeration session and the entries it has returned.
 *
 * <p>The entries are kept so the cookie of entry {@code i} is simply {@code i + 1}: it stays valid
 * whatever happens to the directory meanwhile, and the kernel may ask again from any earlier
 * cookie (after a partial getdents). Reads of one listing are serialized through {@link #queue}.
 */
final class Listing {

  /** One listed name; {@code bytes} is its UTF-8 form. */
  record Entry(String name, byte[] bytes, PlaceholderInfo info, boolean dots) {}

  final long sessionId;
  /** The directory's nodeid. */
  final long dir;
  final ProjectedPath path;
  final List<Entry> entries = new ArrayList<>();
  boolean exhausted;
  boolean used;
  /**
   * Whether a name that cannot be listed (too long, not Unicode) was skipped and said so: once per
   * handle (this object), not at each rewind of its entries.
   */
  boolean warnedSkipped;
  /** Read without OPENDIR and its session ended: not to be continued. */
  private boolean ended;
  /**
   * {@link NodeTable#changes} when {@link #entries} began to be fetched: after a later change
   * (an {@code updateFileIfNeeded}) they may be older than what a LOOKUP would answer.
   */
  long changes;
  /** What was queued last on this listing. */
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

  Listing(long sessionId, long dir, ProjectedPath path) {
    this.sessionId = sessionId;
    this.dir = dir;
    this.path = path;
  }

  /**
   * Runs {@code next} once everything queued before it has ended, whatever its outcome: reads of
   * one listing, and its end, go one at a time and in order. {@code next} starts outside this
   * listing's lock (it may run at once, on this thread, and block until a provider answers).
   *
   * @param unlessEnded queue nothing if this listing has {@linkplain #end ended}
   * @return false if nothing was queued
   */
  boolean queue(Supplier<CompletableFuture<Void>> next, boolean unlessEnded) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    CompletableFuture<Void> before;
    synchronized (this) {
      if (unlessEnded && ended) {
        return false;
      }
      before = tail;
      tail = done;
    }
    before.handle((v, e) -> null).thenCompose(v -> next.get())
        .whenComplete((v, e) -> done.complete(null));
    return true;
  }

  /**
   * Ends this listing with {@code last}, after every read queued before; reads queued unless
   * ended are refused from now on.
   */
  void end(Supplier<CompletableFuture<Void>> last) {
    synchronized (this) {
      ended = true;
    }
    queue(last, false);
  }
}
