package dev.holofs.fuse;

import dev.holofs.spi.PlaceholderInfo;

/**
 * Which READDIRPLUS entries hand the kernel a node (counted as a lookup).
 *
 * <p>A subdirectory's entry always does; a file's entry carries its name and type, and the file is
 * looked up when it is used. A walk such as {@code find} needs every directory but no file, and a
 * node per file costs the kernel an inode and a dentry and then a FORGET: measured here, nodes for
 * files made a cold {@code find} over 100,000 names three to five times slower. But a reader that
 * opens what it lists ({@code grep -r}, {@code find | xargs cat}, {@code ls -l}) then pays a
 * LOOKUP per file, half its round trips. So a READDIRPLUS reply hands nodes for files too while
 * files are being looked up: if a file LOOKUP arrived since the previous READDIRPLUS reply, or
 * within the last {@link #FILES_IN_USE_NANOS}. The first catches a reader that lists a directory
 * and then reads it, however slowly ({@code ls -l} stats each batch of names before it reads the
 * next); the window catches one whose listing runs ahead of its reading, as {@code find | xargs
 * cat} does (find lists the next batch while xargs gathers it and no cat runs). Both wear off: a
 * walk that only lists, a second after the last file was looked up, hands file nodes in at most
 * one reply, so one {@code cat} or {@code stat} does not make every later {@code find} pay for
 * nodes it never uses. (The kernel's READDIRPLUS_AUTO narrows it further: past a listing's first
 * reply it asks for READDIRPLUS only after a lookup in that directory.)
 *
 * <p>A listed node is what a LOOKUP would have answered, and lasts as long: the mount's entry and
 * attribute timeouts. A file whose node is live gets its name only: the kernel most likely holds
 * its entry already, and where the provider may change, that node may hold newer information than
 * the listing (a LOOKUP answered since, an {@code updateFileIfNeeded}), which the listing's would
 * overwrite. For the same reason file nodes are handed only from entries fetched since the latest
 * change ({@link NodeTable#changes}): an older entry would give a new node information older than
 * an update, for the whole attribute timeout.
 */
final class ListedNodes {

  /** How long after a file LOOKUP listings still hand nodes for files (see the class doc). */
  static final long FILES_IN_USE_NANOS = 1_000_000_000L;
  /** Coarser than this, the time of the latest file LOOKUP is not written again. */
  private static final long LOOKUP_TIME_GRAIN_NANOS = 10_000_000L;

  private final NodeTable nodes;
  /** System.nanoTime() of the latest file LOOKUP, to {@link #LOOKUP_TIME_GRAIN_NANOS}. */
  private volatile long lastFileLookup = System.nanoTime() - 2 * FILES_IN_USE_NANOS;
  /** Whether a file was looked up since the previous READDIRPLUS reply. */
  private volatile boolean lookedUpSinceReply;

  ListedNodes(NodeTable nodes) {
    this.nodes = nodes;
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

  /** Whether a reply from {@code listing} hands nodes for files; to be asked once per reply. */
  boolean forFiles(Listing listing, boolean plus) {
    return plus && filesInUse() && listing.changes == nodes.changes();
  }

  /**
   * Whether a READDIRPLUS entry of kind {@code info} gets a node: a directory always (whether one
   * is live or not), a file if {@code forFiles} and it has no {@code live} node.
   */
  static boolean gets(PlaceholderInfo info, long live, boolean forFiles) {
    return info.isDirectory() || (forFiles && live == NodeTable.NONE);
  }

  /**
   * Whether the entry's live node must be looked for: not for a directory in a plus reply, which
   * {@link #gets} hands a node whether one is live or not.
   */
  static boolean needsLive(PlaceholderInfo info, boolean plus) {
    return !(plus && info.isDirectory());
  }

  private boolean filesInUse() {
    boolean since = lookedUpSinceReply;
    if (since) {
      lookedUpSinceReply = false;
    }
    return since || System.nanoTime() - lastFileLookup < FILES_IN_USE_NANOS;
  }
}
