package dev.holofs.fuse;

import dev.holofs.engine.Call;
import dev.holofs.engine.Engine;
import dev.holofs.spi.FileNames;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates kernel requests into engine calls and engine answers into replies. Runs on the
 * reader threads, which are the engine's receiving threads: each call is recorded (for
 * INTERRUPT) and then started, and the engine runs its callback right here when a slot is free.
 * Every reply that needs the provider is written by whichever thread completes the call.
 */
final class Dispatcher implements Channel.Handler {

  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  private static final int O_ACCMODE = 3;
  private static final int O_TRUNC = 01000;
  private static final int W_OK = 2;

  /** The INIT flags holofs asks for; the kernel grants those it offers. */
  static final int WANTED_FLAGS = Protocol.PARALLEL_DIROPS | Protocol.MAX_PAGES
      | Protocol.CACHE_SYMLINKS | Protocol.ABORT_ERROR | Protocol.EXPLICIT_INVAL_DATA;
  /**
   * Asked for only when entries may be cached: READDIRPLUS hands the kernel a node per listed
   * directory (and a name only for files), which is worth its cost only if those nodes then
   * answer lookups without a round trip.
   */
  static final int READDIRPLUS_FLAGS = Protocol.DO_READDIRPLUS | Protocol.READDIRPLUS_AUTO;

  private final Engine engine;
  private final NodeTable nodes;
  private final Codec codec;
  private final Channel channel;
  private final Interrupts interrupts;
  private final DirectoryReader directories;
  /** Takes back one count of a node, as a FORGET does: the one rule for a node's counts. */
  private final LongConsumer forgetOne = nodeid -> forget(nodeid, 1);
  private final int wantedFlags;
  private final boolean keepCache;
  /** Whether "no such name" is answered as an entry the kernel may keep (for the entry timeout). */
  private final boolean negativeEntries;
  /** Completes with the negotiated minor version once INIT is answered, or fails. */
  private final CompletableFuture<Integer> initialized = new CompletableFuture<>();

  /**
   * @param asyncRead whether to ask for ASYNC_READ (page-cache reads sent in the background: faster
   *     read-ahead, but a reader killed while waiting cannot interrupt them)
   * @param keepCache whether file pages stay cached across opens (until invalidated)
   * @param entryTimeout how long the kernel may keep names: listed nodes (READDIRPLUS) and cached
   *     listings are used only when it is not zero
   * @param negativeEntries whether the kernel may also keep "no such name" for the entry timeout:
   *     the provider never changes (its listings are then kept for good if the timeout is
   *     {@link FuseOptions#FOREVER})
   */
  Dispatcher(Engine engine, NodeTable nodes, Codec codec, Channel channel, Interrupts interrupts,
      boolean asyncRead, boolean keepCache, java.time.Duration entryTimeout, boolean negativeEntries) {
    this.engine = engine;
    this.nodes = nodes;
    this.codec = codec;
    this.channel = channel;
    this.interrupts = interrupts;
    this.directories = new DirectoryReader(engine, nodes, codec, channel, interrupts, entryTimeout,
        negativeEntries && entryTimeout.equals(FuseOptions.FOREVER), forgetOne);
    this.wantedFlags = WANTED_FLAGS | (entryTimeout.isZero() ? 0 : READDIRPLUS_FLAGS)
        | (asyncRead ? Protocol.ASYNC_READ : 0);
    this.keepCache = keepCache;
    this.negativeEntries = negativeEntries && !entryTimeout.isZero();
  }

  CompletableFuture<Integer> initialized() {
    return initialized;
  }

  @Override
  public void receiving(Runnable handOff) {
    engine.receiving(handOff);
  }

  @Override
  public void tick() {
    interrupts.sweep(channel::replyInterruptAgain);
  }

  @Override
  public void handle(Request r, ByteBuffer body) {
    switch (r.opcode()) {
      case Protocol.INIT -> init(r, body);
      case Protocol.LOOKUP -> lookup(r, Codec.name(body));
      case Protocol.FORGET -> forget(r.nodeid(), body.getLong());
      case Protocol.BATCH_FORGET -> batchForget(body);
      case Protocol.GETATTR -> getattr(r);
      case Protocol.READLINK -> readlink(r);
      case Protocol.OPEN -> open(r, body.getInt());
      case Protocol.READ -> read(r, body.getLong(), body.getLong(), body.getInt());
      case Protocol.RELEASE -> channel.replyEmpty(r);
      // ENOSYS: nothing to flush on a read-only mount, and the kernel stops sending it (one round
      // trip fewer per close).
      case Protocol.FLUSH -> channel.replyError(r, Protocol.ENOSYS);
      case Protocol.OPENDIR -> directories.open(r, info(r));
      case Protocol.READDIR, Protocol.READDIRPLUS ->
          directories.read(r, body.getLong(), body.getLong(), body.getInt(),
              r.opcode() == Protocol.READDIRPLUS);
      case Protocol.RELEASEDIR -> directories.release(r, body.getLong());
      case Protocol.STATFS -> statfs(r);
      case Protocol.ACCESS -> access(r, body.getInt());
      // ENOSYS makes the kernel stop asking: without it `ls -l` costs a round trip per file per xattr.
      case Protocol.GETXATTR -> channel.replyError(r, Protocol.ENOSYS);
      case Protocol.LISTXATTR -> listxattr(r, body.getInt());
      case Protocol.INTERRUPT -> interrupts.interrupt(r, body.getLong());
      case Protocol.DESTROY -> channel.replyEmpty(r);
      case Protocol.NOTIFY_REPLY -> { } // answers a retrieve holofs never sends; no reply
      default -> channel.replyError(r, Protocol.isModification(r.opcode()) ? Protocol.EROFS : Protocol.ENOSYS);
    }
  }

  private void init(Request r, ByteBuffer body) {
    int major = body.getInt();
    int minor = body.getInt();
    int maxReadahead = body.getInt();
    int offered = body.getInt();
    if (major != Protocol.KERNEL_VERSION || minor < Protocol.MIN_MINOR_VERSION) {
      channel.replyError(r, Protocol.EPROTO);
      initialized.completeExceptionally(new IllegalStateException("the kernel speaks FUSE "
          + major + "." + minor + "; holofs needs 7." + Protocol.MIN_MINOR_VERSION + " or later"));
      return;
    }
    int agreed = Math.min(minor, Protocol.KERNEL_MINOR_VERSION);
    channel.reply(r, Protocol.INIT_OUT_SIZE, b -> Codec.initOut(b, agreed, maxReadahead, offered & wantedFlags));
    log.debug("FUSE {}.{} negotiated; flags {}", major, agreed, Integer.toHexString(offered & wantedFlags));
    initialized.complete(agreed);
  }

  /**
   * What the node a request is about keeps of its info; null (and ENOENT answered) if the kernel
   * names a forgotten one.
   */
  private PlaceholderInfo info(Request r) {
    PlaceholderInfo info = nodes.info(r.nodeid());
    if (info == null) {
      channel.replyError(r, Protocol.ENOENT);
    }
    return info;
  }

  /** The path of the node a request is about; null (and ENOENT answered) if it was forgotten. */
  private ProjectedPath path(Request r) {
    ProjectedPath path = nodes.path(r.nodeid());
    if (path == null) {
      channel.replyError(r, Protocol.ENOENT);
    }
    return path;
  }

  private void lookup(Request r, String name) {
    PlaceholderInfo dir = info(r);
    if (dir == null) {
      return;
    }
    if (!dir.isDirectory()) {
      channel.replyError(r, Protocol.ENOTDIR);
      return;
    }
    if (name == null || !FileNames.isValidName(name)) {
      channel.replyError(r, Protocol.ENOENT);
      return;
    }
    ProjectedPath parent = path(r);
    if (parent == null) {
      return;
    }
    channel.answerWhenDone(r, engine.getPlaceholder(parent.resolve(name), r.pid()), interrupts, info -> {
      if (info == null && negativeEntries) {
        replyNode(r, true, 0, null); // nodeid 0: ENOENT that the kernel keeps until it times out
      } else if (info == null) {
        channel.replyError(r, Protocol.ENOENT);
      } else {
        replyEntry(r, name, info);
      }
    });
  }

  /**
   * Hands the kernel the node named {@code name} in the request's directory, counted once; the
   * count is taken back if the reply never reaches the kernel, which then never forgets it.
   */
  private void replyEntry(Request r, String name, PlaceholderInfo info) {
    long node = nodes.lookup(r.nodeid(), Codec.utf8(name), info);
    if (node == NodeTable.NONE) {
      channel.replyError(r, Protocol.ENOENT); // the directory was forgotten meanwhile
      return;
    }
    if (!info.isDirectory()) {
      directories.fileLookedUp();
    }
    boolean sent = false;
    try {
      sent = replyNode(r, true, node, info);
    } finally {
      HandedNodes.settle(sent, forgetOne, node);
    }
  }

  /**
   * Answers with {@code struct fuse_entry_out} (LOOKUP) or {@code fuse_attr_out} (GETATTR) of
   * {@code info}, encoded straight into a pooled buffer. Not through {@link Channel#reply(Request,
   * int, Consumer)}: its encoder would be a lambda capturing {@code nodeid} and
   * {@code info}, one more object per request on the two most frequent requests.
   */
  private boolean replyNode(Request r, boolean entry, long nodeid, PlaceholderInfo info) {
    NativeBuffer b = Channel.replyBuffer(Protocol.ENTRY_OUT_SIZE); // the larger of the two
    try {
      if (entry) {
        codec.entryOut(b.bytes(), nodeid, info);
      } else {
        codec.attrOut(b.bytes(), nodeid, info);
      }
      return channel.reply(r, b, b.bytes().position());
    } finally {
      b.release();
    }
  }

  private void batchForget(ByteBuffer body) {
    int count = body.getInt();
    body.getInt();
    for (int i = 0; i < count && body.remaining() >= 16; i++) {
      forget(body.getLong(), body.getLong());
    }
  }

  private void forget(long nodeid, long count) {
    nodes.forget(nodeid, count);
    if (!nodes.isLive(nodeid)) {
      directories.dropUnfinished(nodeid); // a forgotten directory is never read on
    }
  }

  /** How many listings read without OPENDIR are unfinished (for tests). */
  int unfinishedListings() {
    return directories.unfinished();
  }

  private void getattr(Request r) {
    if (r.nodeid() == Protocol.ROOT_ID) {
      replyNode(r, false, r.nodeid(), nodes.info(r.nodeid())); // the root keeps its info whole
      return;
    }
    ProjectedPath path = path(r);
    if (path == null) {
      return;
    }
    channel.answerWhenDone(r, engine.getPlaceholder(path, r.pid()), interrupts, info -> {
      if (info == null) {
        channel.replyError(r, Protocol.ENOENT);
        return;
      }
      nodes.info(r.nodeid(), info);
      replyNode(r, false, r.nodeid(), info);
    });
  }

  private void readlink(Request r) {
    PlaceholderInfo info = info(r);
    if (info == null) {
      return;
    }
    String target = info.symlinkTarget();
    if (target == null) {
      channel.replyError(r, Protocol.EINVAL);
      return;
    }
    byte[] bytes = Codec.utf8(target);
    channel.reply(r, bytes.length, b -> b.put(bytes));
  }

  private void open(Request r, int flags) {
    PlaceholderInfo info = info(r);
    if (info == null) {
      return;
    }
    if ((flags & O_ACCMODE) != 0 || (flags & O_TRUNC) != 0) {
      channel.replyError(r, Protocol.EROFS);
    } else if (info.isDirectory()) {
      channel.replyError(r, Protocol.EISDIR);
    } else if (keepCache) {
      // ENOSYS: the kernel stops sending OPEN and RELEASE and keeps pages across opens (its
      // no-open default is FOPEN_KEEP_CACHE): two round trips fewer per file. Explicit
      // invalidation still drops the pages.
      channel.replyError(r, Protocol.ENOSYS);
    } else {
      channel.reply(r, 16, b -> Codec.openOut(b, 0, 0)); // pages dropped at each open: every read asks
    }
  }

  private void read(Request r, long fh, long offset, int size) {
    PlaceholderInfo info = info(r);
    ProjectedPath path = info == null ? null : path(r);
    if (path == null) {
      return;
    }
    NativeBuffer buffer = NativeBuffer.take(ReadSink.capacity(size));
    ReadSink sink = new ReadSink(buffer, offset, size);
    Call<Void> call = engine.getFileData(path, offset, size, sink, r.pid(), info.version());
    interrupts.register(r, call);
    // The engine's guard refuses writes and loans once the command has ended, before its answer
    // is seen: whatever the outcome, nothing writes into the buffer after this.
    // Answered as Channel.answerWhenDone answers (unregistered only once the reply is written),
    // with the buffer given back after.
    call.result().whenComplete((v, error) -> {
      try {
        channel.answer(r, v, error, done -> channel.reply(r, sink));
      } finally {
        buffer.release();
        interrupts.answered(r, call);
      }
    });
    call.start();
  }

  private void statfs(Request r) {
    channel.reply(r, Protocol.STATFS_OUT_SIZE, Codec::statfsOut);
  }

  private void access(Request r, int mask) {
    if ((mask & W_OK) != 0) {
      channel.replyError(r, Protocol.EROFS);
    } else {
      channel.replyEmpty(r);
    }
  }

  private void listxattr(Request r, int size) {
    if (size == 0) {
      channel.reply(r, 8, b -> b.putInt(0).putInt(0)); // fuse_getxattr_out: no names, 0 bytes needed
    } else {
      channel.replyEmpty(r);
    }
  }
}
