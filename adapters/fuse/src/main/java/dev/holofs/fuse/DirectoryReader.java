package dev.holofs.fuse;

import dev.holofs.engine.Call;
import dev.holofs.engine.Engine;
import dev.holofs.engine.Errors;
import dev.holofs.engine.QuietLog;
import dev.holofs.fuse.NodeTable.Node;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.Printable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OPENDIR, READDIR, READDIRPLUS and RELEASEDIR on engine enumeration sessions.
 *
 * <p>A directory handle is one session. The entries a handle has returned are kept, so the
 * cookie of entry {@code i} is simply {@code i + 1}: it stays valid whatever happens to the
 * directory meanwhile, and the kernel may ask again from any earlier cookie (after a partial
 * getdents). Offset 0 on a handle already read from is a rewind: the session restarts its scan.
 * An offset past what a handle holds (a position taken on another handle: seekdir to another
 * handle's telldir) is reached by listing on up to it.
 *
 * <p>A READDIRPLUS entry hands the kernel a node (counted as a lookup) for a subdirectory; a
 * file's entry carries its name and type, and the file is looked up when it is used. A walk such
 * as {@code find} needs every directory but no file, and a node per file costs the kernel an inode
 * and a dentry and then a FORGET: measured here, nodes for files made a cold {@code find} over
 * 100,000 names three to five times slower. But a reader that opens what it lists ({@code grep
 * -r}, {@code find | xargs cat}, {@code ls -l}) then pays a LOOKUP per file, half its round trips.
 * So a READDIRPLUS reply hands nodes for files too while files are being looked up: if a file
 * LOOKUP arrived since the previous READDIRPLUS reply, or within the last {@link
 * #FILES_IN_USE_NANOS}. The first catches a reader that lists a directory and then reads it,
 * however slowly ({@code ls -l} stats each batch of names before it reads the next); the window
 * catches one whose listing runs ahead of its reading, as {@code find | xargs cat} does (find lists
 * the next batch while xargs gathers it and no cat runs). Both wear off: a walk that only lists, a
 * second after the last file was looked up, hands file nodes in at most one reply, so one {@code
 * cat} or {@code stat} does not make every later {@code find} pay for nodes it never uses. (The
 * kernel's READDIRPLUS_AUTO narrows it further: past a listing's first reply it asks for
 * READDIRPLUS only after a lookup in that directory.) A listed node is what a LOOKUP would have
 * answered, and lasts as long: the mount's entry and attribute timeouts. A file whose node is
 * live gets its name only: the kernel most likely holds its entry already, and where the provider
 * may change, that node may hold newer information than the listing (a LOOKUP answered since, an
 * {@code updateFileIfNeeded}), which the listing's would overwrite.
 *
 * <p>Listings are cached by the kernel (FOPEN_CACHE_DIR) when names may be cached at all, under
 * the same rule as names: a listing the kernel began filling less than the entry timeout ago is
 * kept across opens (FOPEN_KEEP_CACHE); an older one is dropped at open and filled again from the
 * provider. Invalidating an item drops its parent's listing at once.
 *
 * <p>When listings are kept for good (a provider that never changes, no timeout set), OPENDIR is
 * answered ENOSYS: the kernel then stops sending OPENDIR and RELEASEDIR, two round trips per
 * directory a warm {@code find} no longer pays, and keeps every listing it fills (its no-opendir
 * default is FOPEN_KEEP_CACHE | FOPEN_CACHE_DIR) until it is invalidated. The READDIRs that
 * fill a listing then come without a handle (fh 0): one that starts at offset 0 starts a session,
 * which the READDIRs after it continue, until one reaches the end.
 */
final class DirectoryReader {

  private static final Logger log = LoggerFactory.getLogger(DirectoryReader.class);

  /** One listed name; {@code bytes} is its UTF-8 form. */
  private record Entry(String name, byte[] bytes, PlaceholderInfo info, boolean dots) {}

  /** One open directory. Reads on a handle are serialized through {@link #tail}. */
  private static final class Handle {
    final long sessionId;
    final Node dir;
    final List<Entry> entries = new ArrayList<>();
    boolean exhausted;
    boolean used;
    /** Whether a name too long to list was skipped and said so: once per handle, not per listing. */
    boolean warnedLongName;
    /** Read without OPENDIR and its session ended: not to be continued. */
    boolean ended;
    /**
     * {@link NodeTable#changes} when {@link #entries} began to be fetched: after a later change
     * (an {@code updateFileIfNeeded}) they may be older than what a LOOKUP would answer.
     */
    long changes;
    CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    Handle(long sessionId, Node dir) {
      this.sessionId = sessionId;
      this.dir = dir;
    }
  }

  private final Engine engine;
  private final NodeTable nodes;
  private final Codec codec;
  private final Channel channel;
  private final Interrupts interrupts;
  private final ConcurrentHashMap<Long, Handle> handles = new ConcurrentHashMap<>();
  /** Directories being read without OPENDIR, by node id, until a READDIR reaches the end. */
  private final ConcurrentHashMap<Long, Handle> unopened = new ConcurrentHashMap<>();
  private final AtomicLong lastHandle = new AtomicLong();
  /** How long a cached listing may be kept, in nanoseconds; 0: listings are not cached. */
  private final long listingTtlNanos;
  /** Whether listings are kept for good, so directories are read without OPENDIR. */
  private final boolean withoutOpen;
  /** How long after a file LOOKUP listings still hand nodes for files (see the class doc). */
  static final long FILES_IN_USE_NANOS = 1_000_000_000L;
  /** Coarser than this, the time of the latest file LOOKUP is not written again. */
  private static final long LOOKUP_TIME_GRAIN_NANOS = 10_000_000L;
  /** System.nanoTime() of the latest file LOOKUP, to {@link #LOOKUP_TIME_GRAIN_NANOS}. */
  private volatile long lastFileLookup = System.nanoTime() - 2 * FILES_IN_USE_NANOS;
  /** Whether a file was looked up since the previous READDIRPLUS reply. */
  private volatile boolean lookedUpSinceReply;

  DirectoryReader(Engine engine, NodeTable nodes, Codec codec, Channel channel, Interrupts interrupts,
      java.time.Duration entryTimeout, boolean keptForGood) {
    this.listingTtlNanos = entryTimeout.toNanos();
    this.withoutOpen = keptForGood;
    this.engine = engine;
    this.nodes = nodes;
    this.codec = codec;
    this.channel = channel;
    this.interrupts = interrupts;
  }

  void open(Request r, Node dir) {
    if (dir == null) {
      return;
    }
    if (!dir.info.isDirectory()) {
      channel.replyError(r, Protocol.ENOTDIR);
      return;
    }
    if (withoutOpen) {
      channel.replyError(r, Protocol.ENOSYS); // no OPENDIR or RELEASEDIR from now on
      return;
    }
    Call<Long> call = engine.startEnumeration(dir.path, r.pid());
    interrupts.track(r, call);
    channel.replyWhenDone(r, call, sessionId -> {
      long fh = lastHandle.incrementAndGet();
      handles.put(fh, new Handle(sessionId, dir));
      channel.reply(r, 16, b -> Codec.openOut(b, fh, cacheFlags(dir)));
    });
    call.start();
  }

  /** FOPEN_CACHE_DIR, with FOPEN_KEEP_CACHE while the kernel's listing is fresh enough. */
  private int cacheFlags(Node dir) {
    if (listingTtlNanos == 0) {
      return 0;
    }
    long now = System.nanoTime();
    long cachedAt = dir.listingCachedAt;
    if (cachedAt != 0 && now - cachedAt < listingTtlNanos) {
      return Protocol.FOPEN_CACHE_DIR | Protocol.FOPEN_KEEP_CACHE;
    }
    dir.listingCachedAt = now == 0 ? 1 : now; // the kernel drops the old listing and fills anew
    return Protocol.FOPEN_CACHE_DIR;
  }

  void release(Request r, long fh) {
    Handle h = handles.remove(fh);
    if (h != null) {
      engine.endEnumeration(h.sessionId);
    }
    channel.replyEmpty(r);
  }

  void read(Request r, long fh, long offset, int size, boolean plus) {
    if (fh == 0 && withoutOpen) {
      readWithoutHandle(r, offset, size, plus);
      return;
    }
    Handle h = handles.get(fh);
    if (h == null) {
      channel.replyError(r, Protocol.EBADF);
      return;
    }
    synchronized (h) {
      h.tail = h.tail.handle((v, e) -> null).thenCompose(v -> serveOrFail(r, h, offset, size, plus));
    }
  }

  /**
   * One READDIR of a directory the kernel did not open (fh 0): offset 0 starts a session (ending
   * one left unfinished), a later offset continues the one kept for the directory.
   */
  private void readWithoutHandle(Request r, long offset, int size, boolean plus) {
    Node dir = nodes.get(r.nodeid());
    if (dir == null || !dir.info.isDirectory()) {
      channel.replyError(r, dir == null ? Protocol.ENOENT : Protocol.ENOTDIR);
      return;
    }
    Handle kept = unopened.get(dir.id);
    if (offset > 0 && kept != null && serveUnopened(r, kept, offset, size, plus)) {
      return;
    }
    Call<Long> call = engine.startEnumeration(dir.path, r.pid());
    interrupts.track(r, call);
    channel.replyWhenDone(r, call, sessionId -> {
      Handle h = new Handle(sessionId, dir);
      Handle old = unopened.put(dir.id, h);
      if (old != null) {
        endUnopened(old);
      }
      if (!serveUnopened(r, h, offset, size, plus)) {
        readWithoutHandle(r, offset, size, plus); // ended already (replaced, forgotten): again
      }
    });
    call.start();
  }

  /** Queues a read on {@code h}; false if its session has ended (nothing queued). */
  private boolean serveUnopened(Request r, Handle h, long offset, int size, boolean plus) {
    synchronized (h) {
      if (h.ended) {
        return false;
      }
      h.tail = h.tail.handle((v, e) -> null).thenCompose(v -> serveOrFail(r, h, offset, size, plus))
          .thenRun(() -> {
            if (h.exhausted && offset >= h.entries.size() && unopened.remove(h.dir.id, h)) {
              endUnopened(h); // the reader has seen the end
            }
          });
      return true;
    }
  }

  /**
   * Ends the unfinished handle-less listing of directory {@code nodeid}, if any: the kernel forgot
   * the directory, so nothing will continue it, and a listing the kernel never reads to the end
   * would otherwise hold its entries and its session for good. (An invalidation does not end it: a
   * reader part-way through continues at its offset, which means something only in this listing.)
   */
  void dropUnfinished(long nodeid) {
    Handle h = unopened.remove(nodeid);
    if (h != null) {
      endUnopened(h);
    }
  }

  /** How many handle-less listings are unfinished (for tests). */
  int unfinished() {
    return unopened.size();
  }

  private void endUnopened(Handle h) {
    synchronized (h) {
      h.ended = true;
      h.tail = h.tail.handle((v, e) -> null).thenRun(() -> engine.endEnumeration(h.sessionId));
    }
  }

  /** {@link #serve}, answering EIO if the adapter itself fails, so no getdents waits forever. */
  private CompletableFuture<Void> serveOrFail(Request r, Handle h, long offset, int size, boolean plus) {
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

  /** Answers one read from the kept entries, getting more from the session if they run out. */
  private CompletableFuture<Void> serve(Request r, Handle h, long offset, int size, boolean plus) {
    boolean restart = offset == 0 && h.used;
    if (restart || !h.used) {
      h.entries.clear();
      h.changes = nodes.changes();
      h.exhausted = false;
      h.entries.add(new Entry(".", Codec.utf8("."), h.dir.info, true));
      h.entries.add(new Entry("..", Codec.utf8(".."), h.dir.info, true));
    }
    h.used = true;
    int first = (int) Math.min(offset, h.entries.size());
    int used = 0;
    int i = first;
    for (; i < h.entries.size(); i++) {
      int n = Codec.direntSize(h.entries.get(i).bytes.length, plus);
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
    // An offset past what this handle holds (seekdir to another handle's telldir): list on to it.
    int toSkip = (int) Math.max(0, offset - kept);
    Sink sink = new Sink(h, toSkip, size - used, plus);
    Call<Void> call = engine.getEnumeration(h.sessionId, null, restart, sink, r.pid());
    interrupts.track(r, call);
    CompletableFuture<Void> answered = call.result().handle((v, error) -> {
      sink.closed = true;
      if (error != null) {
        h.entries.subList(kept, h.entries.size()).clear(); // the session did not advance
        channel.replyError(r, Errors.errno(error));
        return null;
      }
      h.exhausted = !sink.refused;
      reply(r, h, (int) Math.min(offset, h.entries.size()), size, plus);
      return null;
    });
    call.start();
    return answered;
  }

  /**
   * Encodes kept entries from index {@code first} while they fit in {@code size} bytes. File nodes
   * are handed only from entries fetched since the latest change: an older entry would give a new
   * node information older than an update, for the whole attribute timeout.
   */
  private void reply(Request r, Handle h, int first, int size, boolean plus) {
    boolean fileNodes = plus && filesInUse() && h.changes == nodes.changes();
    channel.reply(r, size, bytes -> encode(bytes, h, first, size, plus, fileNodes));
  }

  /**
   * {@link #reply}'s entries. If it fails (answered EIO: the kernel links none of the nodes), the
   * nodes it counted as looked up are forgotten again.
   */
  private void encode(ByteBuffer bytes, Handle h, int first, int size, boolean plus,
      boolean fileNodes) {
    List<Long> counted = null; // made at the first node handed out: most replies hand out none
    int limit = bytes.position() + size;
    try {
      for (int i = first; i < h.entries.size(); i++) {
        Entry e = h.entries.get(i);
        if (bytes.position() + Codec.direntSize(e.bytes.length, plus) > limit) {
          break;
        }
        long cookie = i + 1;
        if (e.dots) {
          long ino = e.name.equals(".") ? h.dir.id : parentId(h.dir);
          if (plus) {
            codec.direntPlus(bytes, 0, ino, cookie, e.info, e.bytes);
          } else {
            Codec.dirent(bytes, ino, cookie, Codec.direntType(e.info), e.bytes);
          }
          continue;
        }
        // a directory in a plus reply gets a node whether one is live or not: no search for it
        Node node = plus && e.info.isDirectory() ? null : nodes.find(h.dir, e.name);
        if (plus && (e.info.isDirectory() || (fileNodes && node == null))) {
          // the kernel counts each entry with a node as a lookup, and forgets it as one
          node = nodes.lookup(h.dir, e.name, e.info);
          if (counted == null) {
            counted = new ArrayList<>();
          }
          counted.add(node.id);
          codec.direntPlus(bytes, node.id, node.id, cookie, e.info, e.bytes);
          continue;
        }
        long ino = node == null ? Codec.UNKNOWN_INO : node.id;
        if (plus) {
          codec.direntPlus(bytes, 0, ino, cookie, e.info, e.bytes); // a name only: no node
        } else {
          Codec.dirent(bytes, ino, cookie, Codec.direntType(e.info), e.bytes);
        }
      }
    } catch (RuntimeException | Error e) {
      if (counted != null) {
        counted.forEach(id -> nodes.forget(id, 1));
      }
      throw e;
    }
  }

  /**
   * A file was looked up: the next READDIRPLUS reply, and those within {@link #FILES_IN_USE_NANOS},
   * hand the kernel nodes for files too.
   */
  void fileLookedUp() {
    // read first: a write on every lookup would bounce the line between the readers' threads
    long now = System.nanoTime();
    if (now - lastFileLookup > LOOKUP_TIME_GRAIN_NANOS) {
      lastFileLookup = now;
    }
    if (!lookedUpSinceReply) {
      lookedUpSinceReply = true;
    }
  }

  /** Whether this READDIRPLUS reply hands nodes for files (see the class doc); one per reply. */
  private boolean filesInUse() {
    boolean since = lookedUpSinceReply;
    if (since) {
      lookedUpSinceReply = false;
    }
    return since || System.nanoTime() - lastFileLookup < FILES_IN_USE_NANOS;
  }

  private static long parentId(Node dir) {
    return dir.parent == null ? Protocol.ROOT_ID : dir.parent.id;
  }

  /** Takes entries from the provider (through the engine) while they fit in the reply. */
  private static final class Sink implements EntrySink {
    private final Handle h;
    private final boolean plus;
    /** Entries taken whatever their size: those before the offset asked for. */
    private int toSkip;
    /** Bytes left in the reply for the entries after them. */
    private int room;
    boolean refused;
    volatile boolean closed;

    Sink(Handle h, int toSkip, int room, boolean plus) {
      this.h = h;
      this.toSkip = toSkip;
      this.room = room;
      this.plus = plus;
    }

    // Not synchronized: the engine's sink serializes adds with the command's end, and refuses
    // them once it has ended, before the answer reaches this adapter.
    @Override
    public boolean add(String name, PlaceholderInfo info) {
      if (closed) {
        throw new IllegalStateException("the readdir was answered");
      }
      byte[] bytes = Codec.utf8(name);
      if (bytes.length > Protocol.NAME_MAX_BYTES) { // the kernel would refuse the whole reply
        if (!h.warnedLongName) { // not again at each rewind of the listing
          h.warnedLongName = true;
          QuietLog.warn(log, "listing /{}: skipping a name of {} bytes, \"{}\"",
              Printable.of(h.dir.path.toString()), bytes.length, Printable.of(name, 80));
        }
        return true;
      }
      if (toSkip > 0) {
        toSkip--;
      } else {
        int n = Codec.direntSize(bytes.length, plus);
        if (n > room) {
          refused = true;
          return false;
        }
        room -= n;
      }
      h.entries.add(new Entry(name, bytes, info, false));
      return true;
    }
  }
}
