package dev.holofs.fuse;

import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.PlaceholderVersion;
import dev.holofs.spi.ProjectedPath;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The kernel's nodeids and what they stand for. A nodeid is handed out by a LOOKUP (or a
 * READDIRPLUS entry), counted per hand-out, and stays valid until FORGET brings its count back to
 * zero. Each node keeps what later requests read of its latest placeholder info: its type, its
 * link target and its version, which goes back to the provider with every read (GETATTR asks the
 * provider again; the root alone keeps its info whole, as nothing is asked for it).
 *
 * <p>Compact, as a mount may hold 100,000 nodes after a read-all: a node is a slot in parallel
 * arrays, not an object with a path and two map entries (~350 bytes a node before, ~100 now).
 * A nodeid is its slot in the low 32 bits and the slot's generation in the high ones: a freed slot
 * is reused with the next generation, so an id the kernel forgot is never taken for the node that
 * reuses its slot. The root is slot 1, generation 0: nodeid 1. Live children are found through one
 * open-addressing table keyed by parent slot and name; the kernel always names a child by its
 * parent's nodeid. A name is kept as its UTF-8 bytes (those of the listing entry or LOOKUP that
 * made it), and only directories keep their path and listing time; a file's path is made from its
 * parent's when a request needs it. So a child pins its parent's slot: the kernel may forget a
 * directory while a child lives (an inode pinned without its dentry, e.g. by an inotify watch);
 * the directory's id then dies and its name no longer finds it, but its slot keeps name, parent
 * and path until its last child is freed.
 *
 * <p>A nodeid is also the node's st_ino (and its listing entry's d_ino), so it passes 2^32 once a
 * slot is reused: a 32-bit program built without large-file support gets EOVERFLOW from stat.
 * Kept so rather than folded to the slot: an item outlives its forgotten node, and a slot's ino
 * given to another item while a tool still knows the first (du, find and tar remember
 * directories' inos while they walk) would make two items one.
 *
 * <p>The arrays and the children table grow to the peak of nodes and never shrink (about 5 MB
 * per 100,000 nodes): a mount that was read once is likely read again.
 *
 * <p>Every method holds the table's lock, for a few array accesses.
 */
final class NodeTable {

  /** No node: a nodeid the kernel never gets. */
  static final long NONE = 0;
  /** What a directory without version keeps of its info. */
  static final PlaceholderInfo DIRECTORY = PlaceholderInfo.directory().build();
  /** What a file without version keeps of its info. */
  private static final PlaceholderInfo FILE = PlaceholderInfo.file(0).build();
  private static final int ROOT = (int) Protocol.ROOT_ID;
  private static final int INITIAL_SLOTS = 1024;

  /** Bumped by {@link #changed}. */
  private final AtomicLong changes = new AtomicLong();

  private int[] generations = new int[INITIAL_SLOTS];
  /** The parent's slot of a live node; the next free slot of a free one. */
  private int[] parents = new int[INITIAL_SLOTS];
  /** Hand-outs not forgotten yet; 0: the slot is free, or only pinned by its children. */
  private long[] lookups = new long[INITIAL_SLOTS];
  /** Slots whose parent this slot is, live or pinned: while any, the slot is not freed. */
  private int[] kids = new int[INITIAL_SLOTS];
  /** Names in UTF-8. */
  private byte[][] names = new byte[INITIAL_SLOTS][];
  private PlaceholderInfo[] infos = new PlaceholderInfo[INITIAL_SLOTS];
  /** What a node made as a directory keeps; null for others. */
  private Directory[] directories = new Directory[INITIAL_SLOTS];
  /** Slots of live, attached nodes by parent slot and name; 0: empty. At most half full. */
  private int[] children = new int[2 * INITIAL_SLOTS];
  private int childShift = 32 - Integer.numberOfTrailingZeros(children.length);
  private int attached;
  /** Slots below this were used once. */
  private int used = ROOT + 1;
  /** The first free slot (linked through {@link #parents}), or 0. */
  private int free;
  private int live = 1;

  /** A directory's path, and its listing's time. */
  private static final class Directory {
    final ProjectedPath path;
    /**
     * When (System.nanoTime) the kernel last began filling its cached listing of the directory
     * (FOPEN_CACHE_DIR); 0 if it has none that holofs may let it keep.
     */
    long listingCachedAt;

    Directory(ProjectedPath path) {
      this.path = path;
    }
  }

  NodeTable(PlaceholderInfo rootInfo) {
    lookups[ROOT] = 1;
    infos[ROOT] = rootInfo;
    directories[ROOT] = new Directory(ProjectedPath.ROOT);
    names[ROOT] = new byte[0];
  }

  /**
   * An item changed outside a listing ({@code updateFileIfNeeded}, a deletion): a listing fetched
   * before may hold older information than a LOOKUP now answers.
   */
  void changed() {
    changes.incrementAndGet();
  }

  /** How many changes there were ({@link #changed}); equal counts: none in between. */
  long changes() {
    return changes.get();
  }

  /** Whether {@code nodeid} is live (given out and not forgotten). */
  synchronized boolean isLive(long nodeid) {
    return slot(nodeid) != 0;
  }

  /** What node {@code nodeid} keeps of its info (see the class doc), or null if it is not live. */
  synchronized PlaceholderInfo info(long nodeid) {
    int s = slot(nodeid);
    return s == 0 ? null : infos[s];
  }

  /** Keeps {@code info} for node {@code nodeid}, if it is live. */
  synchronized void info(long nodeid, PlaceholderInfo info) {
    int s = slot(nodeid);
    if (s != 0) {
      infos[s] = kept(s, info);
    }
  }

  /** The path of node {@code nodeid}, or null if it is not live. */
  synchronized ProjectedPath path(long nodeid) {
    int s = slot(nodeid);
    return s == 0 ? null : path(s);
  }

  /** The nodeid of the directory {@code nodeid} was made in (the root's own for the root), or NONE. */
  synchronized long parent(long nodeid) {
    int s = slot(nodeid);
    if (s == 0 || s == ROOT) {
      return s == 0 ? NONE : Protocol.ROOT_ID;
    }
    int p = parents[s];
    return lookups[p] > 0 ? id(p) : NONE; // a forgotten parent's id is dead
  }

  /**
   * When (System.nanoTime) the kernel last began filling its cached listing of directory
   * {@code nodeid} (FOPEN_CACHE_DIR); 0 if it has none that holofs may let it keep, or if
   * {@code nodeid} is not a live directory.
   */
  synchronized long listingCachedAt(long nodeid) {
    int s = slot(nodeid);
    return s == 0 || directories[s] == null ? 0 : directories[s].listingCachedAt;
  }

  /** Sets {@link #listingCachedAt} of {@code nodeid}, if it is a live directory. */
  synchronized void listingCachedAt(long nodeid, long at) {
    int s = slot(nodeid);
    if (s != 0 && directories[s] != null) {
      directories[s].listingCachedAt = at;
    }
  }

  /** The live node for {@code path}, or NONE. */
  synchronized long find(ProjectedPath path) {
    int s = ROOT;
    for (String name : path.names()) {
      s = children[place(s, Codec.utf8(name))];
      if (s == 0) {
        return NONE;
      }
    }
    return id(s);
  }

  /** The live node named {@code name} (UTF-8) in directory {@code dir}, or NONE. */
  synchronized long find(long dir, byte[] name) {
    int d = slot(dir);
    int s = d == 0 || kids[d] == 0 ? 0 : children[place(d, name)]; // no child: no hashing
    return s == 0 ? NONE : id(s);
  }

  /**
   * Hands out the node named {@code name} (UTF-8, kept: not to be changed) in directory {@code dir}
   * once more (a new one if none is live), with {@code info}; NONE if {@code dir} is not live.
   */
  synchronized long lookup(long dir, byte[] name, PlaceholderInfo info) {
    int d = slot(dir);
    if (d == 0) {
      return NONE;
    }
    int place = place(d, name);
    int s = children[place];
    if (s == 0) {
      // a directory's path made first: it may refuse the name
      Directory directory = info.isDirectory() ? new Directory(path(d).resolve(string(name))) : null;
      s = allocate();
      parents[s] = d;
      kids[d]++;
      names[s] = name;
      directories[s] = directory;
      attach(s);
    }
    infos[s] = kept(s, info);
    lookups[s]++;
    return id(s);
  }

  /** The kernel dropped {@code count} references to {@code nodeid}; at zero the id is gone. */
  synchronized void forget(long nodeid, long count) {
    int s = slot(nodeid);
    if (s == 0 || s == ROOT) {
      return;
    }
    lookups[s] -= count;
    if (lookups[s] > 0) {
      return;
    }
    detach(s);
    lookups[s] = 0;
    infos[s] = null;
    generations[s]++; // its id is dead from now on
    live--;
    // freed unless children pin it; a freed child may free its pinned parents in turn
    while (s != ROOT && lookups[s] == 0 && kids[s] == 0) {
      int p = parents[s];
      names[s] = null;
      directories[s] = null;
      parents[s] = free;
      free = s;
      kids[p]--;
      s = p;
    }
  }

  /**
   * Detaches the node for {@code path} (the item was deleted): the kernel may still use its id
   * until it forgets it, but a new lookup of the path gets a fresh node. Returns it, or NONE.
   */
  synchronized long detach(ProjectedPath path) {
    long id = find(path);
    int s = (int) id;
    if (s != 0 && s != ROOT) {
      detach(s);
    }
    return id;
  }

  /** How many nodeids are live, the root included. */
  synchronized int size() {
    return live;
  }

  /** The slot of live node {@code nodeid}, or 0. */
  private int slot(long nodeid) {
    int s = (int) nodeid;
    return s > 0 && s < used && lookups[s] > 0 && generations[s] == (int) (nodeid >>> 32) ? s : 0;
  }

  private long id(int slot) {
    return (long) generations[slot] << 32 | slot;
  }

  private ProjectedPath path(int s) {
    Directory d = directories[s];
    return d != null ? d.path : path(parents[s]).resolve(string(names[s]));
  }

  private static String string(byte[] utf8) {
    return new String(utf8, StandardCharsets.UTF_8);
  }

  private PlaceholderInfo kept(int s, PlaceholderInfo info) {
    if (s == ROOT || info.symlinkTarget() != null || !PlaceholderVersion.NONE.equals(info.version())) {
      return info;
    }
    return info.isDirectory() ? DIRECTORY : FILE;
  }

  private int allocate() {
    int s = free;
    if (s != 0) {
      free = parents[s];
    } else {
      if (used == lookups.length) {
        grow();
      }
      s = used++;
    }
    live++;
    return s;
  }

  private void grow() {
    int n = lookups.length * 2;
    generations = Arrays.copyOf(generations, n);
    parents = Arrays.copyOf(parents, n);
    lookups = Arrays.copyOf(lookups, n);
    kids = Arrays.copyOf(kids, n);
    names = Arrays.copyOf(names, n);
    infos = Arrays.copyOf(infos, n);
    directories = Arrays.copyOf(directories, n);
  }

  // ---- children: linear probing, removal by shifting back (no tombstones) ----

  /** Where {@code name} in {@code parent} is in {@link #children}, or the empty place it would take. */
  private int place(int parent, byte[] name) {
    int mask = children.length - 1;
    for (int i = home(parent, name); ; i = (i + 1) & mask) {
      int s = children[i];
      if (s == 0 || (parents[s] == parent && Arrays.equals(name, names[s]))) {
        return i;
      }
    }
  }

  private int home(int parent, byte[] name) {
    return ((Arrays.hashCode(name) * 31 + parent) * 0x9E3779B9) >>> childShift; // Fibonacci hashing
  }

  private void attach(int s) {
    if (2 * (attached + 1) > children.length) {
      int[] old = children;
      children = new int[old.length * 2];
      childShift--;
      for (int c : old) {
        if (c != 0) {
          children[place(parents[c], names[c])] = c;
        }
      }
    }
    children[place(parents[s], names[s])] = s;
    attached++;
  }

  /** Takes {@code s} out of {@link #children}, if it is there (not detached already). */
  private void detach(int s) {
    int gap = place(parents[s], names[s]);
    if (children[gap] != s) {
      return;
    }
    int mask = children.length - 1;
    for (int i = (gap + 1) & mask; children[i] != 0; i = (i + 1) & mask) {
      int c = children[i];
      int home = home(parents[c], names[c]);
      if (((i - home) & mask) >= ((i - gap) & mask)) { // its home is not between the gap and it
        children[gap] = c;
        gap = i;
      }
    }
    children[gap] = 0;
    attached--;
  }
}
