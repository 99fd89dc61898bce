package dev.holofs.fuse;

import dev.holofs.engine.Call;
import dev.holofs.engine.Engine;
import dev.holofs.engine.Errors;
import dev.holofs.engine.QuietLog;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one READDIR or READDIRPLUS from a {@link Listing}: from its kept entries, getting more
 * from its session when they run out. Offset 0 on a listing already read from is a rewind: the
 * session restarts its scan. An offset past what a listing holds (a position taken on another
 * handle: seekdir to another handle's telldir) is reached by listing on up to it.
 */
final class ListingServer {

  private static final Logger log = LoggerFactory.getLogger(ListingServer.class);

  private final Engine engine;
  private final NodeTable nodes;
  private final Channel channel;
  private final Interrupts interrupts;
  private final ListedNodes listedNodes;
  private final ListingEncoder encoder;
  /** The adapter's rule for forgetting one count of a node (see {@link HandedNodes}). */
  private final LongConsumer forgetOne;

  ListingServer(Engine engine, NodeTable nodes, Codec codec, Channel channel, Interrupts interrupts,
      ListedNodes listedNodes, LongConsumer forgetOne) {
    this.engine = engine;
    this.nodes = nodes;
    this.channel = channel;
    this.interrupts = interrupts;
    this.listedNodes = listedNodes;
    this.encoder = new ListingEncoder(nodes, codec);
    this.forgetOne = forgetOne;
  }

  /** Queues one read on {@code h}, after the reads queued before it, whatever their outcome. */
  void queue(Request r, Listing h, long offset, int size, boolean plus) {
    h.queue(() -> serveOrFail(r, h, offset, size, plus), false);
  }

  /** {@link #serve}, answering EIO if the adapter itself fails, so no getdents waits forever. */
  CompletableFuture<Void> serveOrFail(Request r, Listing h, long offset, int size, boolean plus) {
    try {
      return serve(r, h, offset, size, plus).exceptionally(e -> fail(r, e));
    } catch (RuntimeException | Error e) {
      return CompletableFuture.completedFuture(fail(r, e));
    }
  }

  private Void fail(Request r, Throwable e) {
    channel.replyError(r, Protocol.EIO);
    QuietLog.error(log, "{}: answering failed", r, e);
    return null;
  }

  private CompletableFuture<Void> serve(Request r, Listing h, long offset, int size, boolean plus) {
    boolean restart = offset == 0 && h.used;
    if (restart || !h.used) {
      h.entries.clear();
      h.changes = nodes.changes();
      h.exhausted = false;
      h.entries.add(new Listing.Entry(".", Codec.utf8("."), NodeTable.DIRECTORY, true));
      h.entries.add(new Listing.Entry("..", Codec.utf8(".."), NodeTable.DIRECTORY, true));
    }
    h.used = true;
    int first = (int) Math.min(offset, h.entries.size());
    int used = 0;
    int i = first;
    for (; i < h.entries.size(); i++) {
      int n = Codec.direntSize(h.entries.get(i).bytes().length, plus);
      if (used + n > size) {
        break;
      }
      used += n;
    }
    if (i < h.entries.size() || h.exhausted) {
      reply(r, h, first, size, plus);
      return CompletableFuture.completedFuture(null);
    }
    int kept = h.entries.size();
    // An offset past what this listing holds (seekdir to another handle's telldir): list on to it.
    int toSkip = (int) Math.max(0, offset - kept);
    ListingSink sink = new ListingSink(h, toSkip, size - used, plus);
    Call<Void> call = engine.getEnumeration(h.sessionId, null, restart, sink, r.pid());
    interrupts.register(r, call);
    CompletableFuture<Void> answered = call.result().handle((v, error) -> {
      try {
        sink.closed = true;
        if (error != null) {
          h.entries.subList(kept, h.entries.size()).clear(); // the session did not advance
          channel.replyError(r, Errors.errno(error));
          return null;
        }
        h.exhausted = !sink.refused;
        reply(r, h, (int) Math.min(offset, h.entries.size()), size, plus);
        return null;
      } finally {
        // Unregistered only once answered: the directory stays busy for FuseMount.invalidate.
        interrupts.answered(r, call);
      }
    });
    call.start();
    return answered;
  }

  private void reply(Request r, Listing h, int first, int size, boolean plus) {
    boolean fileNodes = listedNodes.forFiles(h, plus);
    HandedNodes handed = new HandedNodes(forgetOne);
    handed.deliver(() -> channel.reply(r, size,
        bytes -> encoder.encode(bytes, h, first, size, plus, fileNodes, handed)));
  }
}
