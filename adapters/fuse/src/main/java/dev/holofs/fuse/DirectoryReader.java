package dev.holofs.fuse;

import dev.holofs.engine.Call;
import dev.holofs.engine.Engine;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * OPENDIR, READDIR, READDIRPLUS and RELEASEDIR on engine enumeration sessions.
 *
 * <p>A directory handle is one session, a {@link Listing}, read by {@link ListingServer}; which
 * READDIRPLUS entries hand the kernel nodes is {@link ListedNodes}' rule.
 *
 * <p>Listings are cached by the kernel (FOPEN_CACHE_DIR) when names may be cached at all, under
 * the same rule as names: a listing the kernel began filling less than the entry timeout ago is
 * kept across opens (FOPEN_KEEP_CACHE); an older one is dropped at open and filled again from the
 * provider. Invalidating an item drops its parent's listing at once.
 *
 * <p>When listings are kept for good (a provider that never changes, no timeout set), OPENDIR is
 * answered ENOSYS: the kernel then stops sending OPENDIR and RELEASEDIR, two round trips per
 * directory a warm {@code find} no longer pays, and keeps every listing it fills (its no-opendir
 * default is FOPEN_KEEP_CACHE | FOPEN_CACHE_DIR) until it is invalidated. Those listings are read
 * without a handle ({@link UnopenedListings}).
 */
final class DirectoryReader {

  private final Engine engine;
  private final NodeTable nodes;
  private final Channel channel;
  private final Interrupts interrupts;
  private final ListedNodes listedNodes;
  private final ListingServer server;
  private final UnopenedListings unopened;
  private final ConcurrentHashMap<Long, Listing> handles = new ConcurrentHashMap<>();
  private final AtomicLong lastHandle = new AtomicLong();
  /** How long a cached listing may be kept, in nanoseconds; 0: listings are not cached. */
  private final long listingTtlNanos;
  /** Whether listings are kept for good, so directories are read without OPENDIR. */
  private final boolean withoutOpen;

  DirectoryReader(Engine engine, NodeTable nodes, Codec codec, Channel channel, Interrupts interrupts,
      java.time.Duration entryTimeout, boolean keptForGood, LongConsumer forgetOne) {
    this.listingTtlNanos = entryTimeout.toNanos();
    this.withoutOpen = keptForGood;
    this.engine = engine;
    this.nodes = nodes;
    this.channel = channel;
    this.interrupts = interrupts;
    this.listedNodes = new ListedNodes(nodes);
    this.server = new ListingServer(engine, nodes, codec, channel, interrupts, listedNodes,
        forgetOne);
    this.unopened = new UnopenedListings(engine, nodes, channel, interrupts, server);
  }

  /** OPENDIR of the node whose kept info is {@code dir} (null: forgotten, answered already). */
  void open(Request r, PlaceholderInfo dir) {
    if (dir == null) {
      return;
    }
    if (!dir.isDirectory()) {
      channel.replyError(r, Protocol.ENOTDIR);
      return;
    }
    if (withoutOpen) {
      channel.replyError(r, Protocol.ENOSYS); // no OPENDIR or RELEASEDIR from now on
      return;
    }
    ProjectedPath path = nodes.path(r.nodeid());
    if (path == null) {
      channel.replyError(r, Protocol.ENOENT);
      return;
    }
    Call<Long> call = engine.startEnumeration(path, r.pid());
    channel.answerWhenDone(r, call, interrupts, sessionId -> {
      long fh = lastHandle.incrementAndGet();
      handles.put(fh, new Listing(sessionId, r.nodeid(), path));
      channel.reply(r, 16, b -> Codec.openOut(b, fh, cacheFlags(r.nodeid())));
    });
  }

  /** FOPEN_CACHE_DIR, with FOPEN_KEEP_CACHE while the kernel's listing is fresh enough. */
  private int cacheFlags(long dir) {
    if (listingTtlNanos == 0) {
      return 0;
    }
    long now = System.nanoTime();
    long cachedAt = nodes.listingCachedAt(dir);
    if (cachedAt != 0 && now - cachedAt < listingTtlNanos) {
      return Protocol.FOPEN_CACHE_DIR | Protocol.FOPEN_KEEP_CACHE;
    }
    nodes.listingCachedAt(dir, now == 0 ? 1 : now); // the kernel drops the old listing and fills anew
    return Protocol.FOPEN_CACHE_DIR;
  }

  void release(Request r, long fh) {
    Listing h = handles.remove(fh);
    if (h != null) {
      engine.endEnumeration(h.sessionId);
    }
    channel.replyEmpty(r);
  }

  void read(Request r, long fh, long offset, int size, boolean plus) {
    if (fh == 0 && withoutOpen) {
      unopened.read(r, offset, size, plus);
      return;
    }
    Listing h = handles.get(fh);
    if (h == null) {
      channel.replyError(r, Protocol.EBADF);
      return;
    }
    server.queue(r, h, offset, size, plus);
  }

  /** A file was looked up (see {@link ListedNodes#fileLookedUp}). */
  void fileLookedUp() {
    listedNodes.fileLookedUp();
  }

  /** See {@link UnopenedListings#dropUnfinished}. */
  void dropUnfinished(long nodeid) {
    unopened.dropUnfinished(nodeid);
  }

  /** How many handle-less listings are unfinished (for tests). */
  int unfinished() {
    return unopened.unfinished();
  }
}
