package dev.holofs.fuse;

import dev.holofs.engine.Call;
import dev.holofs.engine.Engine;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Listings of directories the kernel reads without opening them (fh 0).
 *
 * <p>When listings are kept for good, OPENDIR is answered ENOSYS ({@link DirectoryReader}): the
 * kernel then stops sending OPENDIR and RELEASEDIR, and the READDIRs that fill a listing come
 * without a handle. One that starts at offset 0 starts a session, which the READDIRs after it
 * continue, until one reaches the end; kept here by directory meanwhile.
 */
final class UnopenedListings {

  private final Engine engine;
  private final NodeTable nodes;
  private final Channel channel;
  private final Interrupts interrupts;
  private final ListingServer server;
  /** Directories being read without OPENDIR, by node id, until a READDIR reaches the end. */
  private final ConcurrentHashMap<Long, Listing> unopened = new ConcurrentHashMap<>();

  UnopenedListings(Engine engine, NodeTable nodes, Channel channel, Interrupts interrupts,
      ListingServer server) {
    this.engine = engine;
    this.nodes = nodes;
    this.channel = channel;
    this.interrupts = interrupts;
    this.server = server;
  }

  /**
   * One READDIR of a directory the kernel did not open: offset 0 starts a session (ending one left
   * unfinished), a later offset continues the one kept for the directory.
   */
  void read(Request r, long offset, int size, boolean plus) {
    long dir = r.nodeid();
    PlaceholderInfo info = nodes.info(dir);
    ProjectedPath path = nodes.path(dir);
    if (info == null || path == null || !info.isDirectory()) {
      channel.replyError(r, info == null || path == null ? Protocol.ENOENT : Protocol.ENOTDIR);
      return;
    }
    Listing kept = unopened.get(dir);
    if (offset > 0 && kept != null && serve(r, kept, offset, size, plus)) {
      return;
    }
    Call<Long> call = engine.startEnumeration(path, r.pid());
    channel.answerWhenDone(r, call, interrupts, sessionId -> {
      Listing h = new Listing(sessionId, dir, path);
      Listing old = unopened.put(dir, h);
      if (old != null) {
        end(old);
      }
      if (!serve(r, h, offset, size, plus)) {
        read(r, offset, size, plus); // ended already (replaced, forgotten): again
      }
    });
  }

  /** Queues a read on {@code h}; false if its session has ended (nothing queued). */
  private boolean serve(Request r, Listing h, long offset, int size, boolean plus) {
    return h.queue(() -> server.serveOrFail(r, h, offset, size, plus).thenRun(() -> {
      if (h.exhausted && offset >= h.entries.size() && unopened.remove(h.dir, h)) {
        end(h); // the reader has seen the end
      }
    }), true);
  }

  /**
   * Ends the unfinished listing of directory {@code nodeid}, if any: the kernel forgot the
   * directory, so nothing will continue it, and a listing the kernel never reads to the end would
   * otherwise hold its entries and its session for good. (An invalidation does not end it: a
   * reader part-way through continues at its offset, which means something only in this listing.)
   */
  void dropUnfinished(long nodeid) {
    Listing h = unopened.remove(nodeid);
    if (h != null) {
      end(h);
    }
  }

  /** How many listings are unfinished (for tests). */
  int unfinished() {
    return unopened.size();
  }

  private void end(Listing h) {
    h.end(() -> {
      engine.endEnumeration(h.sessionId);
      return CompletableFuture.completedFuture(null);
    });
  }
}
