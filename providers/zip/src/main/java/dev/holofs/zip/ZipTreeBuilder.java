package dev.holofs.zip;

import static dev.holofs.zip.Nodes.NONE;
import static dev.holofs.zip.Nodes.ROOT;

import dev.holofs.spi.Printable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link ZipTree} from an archive's entry names. Names that could escape the root
 * (absolute, with {@code ..}), that hold NUL, that are too long or whose path is longer than
 * {@link Nodes#MAX_PATH_BYTES} are skipped with a warning;
 * directories are implied by names. A name taken twice in a directory keeps its first entry, and
 * a directory whose name an earlier file took is skipped with everything beneath it.
 *
 * <p>Only directories are looked up while names come in. Files are appended, and a duplicate is
 * found at the end, when each directory's children are sorted: a stable sort puts it right after
 * the first of its name, since nodes are numbered in the order the archive first names them.
 */
final class ZipTreeBuilder implements CentralDirectoryReader.EntryHandler {

  private static final Logger log = LoggerFactory.getLogger(ZipTreeBuilder.class);

  /**
   * A directory's child directory, by name: how the walk over a name's parts finds directories.
   * Comparable, so that names crafted to share a hash code cost HashMap a tree search, not a scan.
   */
  private static final class DirKey implements Comparable<DirKey> {
    // Not a record: a record's equals and hashCode are bootstrapped through method handles the
    // first time they run, tens of milliseconds of a cold JVM's start on the way to a listing.
    final int parent;
    final String name;

    DirKey(int parent, String name) {
      this.parent = parent;
      this.name = name;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof DirKey k && k.parent == parent && k.name.equals(name);
    }

    @Override
    public int hashCode() {
      return 31 * parent + name.hashCode();
    }

    @Override
    public int compareTo(DirKey o) {
      return parent != o.parent ? Integer.compare(parent, o.parent) : name.compareTo(o.name);
    }
  }

  private final CdRecords records;
  private final Nodes nodes;
  private int skipped;
  private final Map<DirKey, Integer> dirs = new HashMap<>();
  /**
   * Directories by a raw prefix that named them ({@code a/b/}, as stored): an entry with the same
   * prefix, once checked, needs only its last name checked. At most one key per entry.
   */
  private final Map<String, Integer> dirsByPrefix = new HashMap<>();
  /** The last prefix found, tried first without a String made: entries mostly come by directory. */
  private String lastPrefix = "";
  private int lastDir = ROOT;
  /** The UTF-8 length of each directory node's path (only directories are parents). */
  private int[] pathBytes = new int[64];

  private ZipTreeBuilder(int expectedEntries) {
    records = new CdRecords(expectedEntries);
    nodes = new Nodes(expectedEntries);
  }

  /** The tree of the archive {@code reader} reads. */
  static ZipTree build(CentralDirectoryReader reader) throws IOException {
    ZipTreeBuilder b = new ZipTreeBuilder(reader.declaredEntries());
    reader.read(b.records, b); // not b::add: a lambda is spun up at its first use
    return b.link();
  }

  /**
   * The common case without a String: a file whose ASCII name's directory part an entry checked
   * before had too, and whose last name is safe; anything else is decoded and goes through
   * {@link #entry}.
   */
  @Override
  public void asciiEntry(int rec, byte[] name, int length, boolean isDir) {
    int slash = length - 1;
    while (slash >= 0 && name[slash] != '/') {
      slash--;
    }
    int from = slash + 1;
    int dir = isDir ? NONE : knownDirectory(name, slash);
    if (dir != NONE && EntryNames.isSafeLastName(name, from, length)
        && pathLength(dir, length - from) <= Nodes.MAX_PATH_BYTES) {
      nodes.addAscii(dir, name, from, length - from, rec);
      return;
    }
    entry(rec, new String(name, 0, length, StandardCharsets.ISO_8859_1), isDir);
  }

  /** {@link #knownDirectory(String, int)} for an ASCII name. */
  private int knownDirectory(byte[] name, int slash) {
    if (slash == lastPrefix.length() - 1 && startsWithLastPrefix(name, slash)) {
      return lastDir;
    }
    if (slash <= 0) {
      return slash < 0 ? ROOT : NONE; // "/x" is absolute
    }
    return directoryByPrefix(new String(name, 0, slash + 1, StandardCharsets.ISO_8859_1));
  }

  /** Whether {@code name[0, slash]} is {@link #lastPrefix} (which is empty, or ends with a slash). */
  private boolean startsWithLastPrefix(byte[] name, int slash) {
    for (int i = 0; i < slash; i++) {
      if (name[i] != lastPrefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void entry(int rec, String raw, boolean isDir) {
    int slash = raw.lastIndexOf('/');
    int dir = knownDirectory(raw, slash);
    if (dir != NONE && EntryNames.isSafeLastName(raw, slash + 1)) { // most entries: one name to check
      if (!fitsPath(dir, raw, slash + 1)) {
        return;
      }
      if (isDir) {
        putDirectory(dir, raw.substring(slash + 1), rec, raw);
      } else {
        nodes.add(dir, raw, slash + 1, rec, false); // no String of its own for the name
      }
      return;
    }
    List<String> parts = split(raw);
    if (parts == null) {
      return;
    }
    if (parts.isEmpty()) {
      if (!isDir) {
        skip(raw, "it has no name");
      }
      return; // "./" and the like: the root itself
    }
    long length = parts.size() - 1L; // the slashes
    for (String part : parts) {
      length += EntryNames.utf8Length(part, 0);
    }
    if (!fits(length, raw)) {
      return;
    }
    dir = ROOT;
    for (int i = 0; i < parts.size() - 1; i++) {
      DirKey key = new DirKey(dir, parts.get(i));
      Integer next = dirs.get(key);
      if (next == null) {
        next = addDirectory(dir, parts.get(i), NONE);
        dirs.put(key, next);
      }
      dir = next;
    }
    String last = parts.get(parts.size() - 1);
    if (slash > 0 && raw.length() - slash - 1 == last.length() && raw.endsWith(last)) {
      lastPrefix = raw.substring(0, slash + 1); // its last part is raw's: dir is what the prefix names
      lastDir = dir;
      dirsByPrefix.putIfAbsent(lastPrefix, dir);
    }
    if (isDir) {
      putDirectory(dir, last, rec, raw);
    } else {
      nodes.add(dir, last, 0, rec, false);
    }
  }

  /**
   * The directory that {@code raw} up to {@code slash} names, if an entry checked before had that
   * very prefix (or the root if there is no slash), else {@link Nodes#NONE}.
   */
  private int knownDirectory(String raw, int slash) {
    if (slash == lastPrefix.length() - 1 && raw.startsWith(lastPrefix)) {
      return lastDir;
    }
    if (slash <= 0) {
      return slash < 0 ? ROOT : NONE; // "/x" is absolute
    }
    return directoryByPrefix(raw.substring(0, slash + 1));
  }

  /** The directory that a checked entry's {@code prefix} named (now the last one), or NONE. */
  private int directoryByPrefix(String prefix) {
    Integer dir = dirsByPrefix.get(prefix);
    if (dir == null) {
      return NONE;
    }
    lastPrefix = prefix;
    lastDir = dir;
    return dir;
  }

  /**
   * Adds directory record {@code rec} as {@code name} in {@code dir}: as its metadata if the
   * directory is there, implied by names; skipped if an entry named it already. (A file of that
   * name is found later, by {@link #link}.)
   */
  private void putDirectory(int dir, String name, int rec, String raw) {
    DirKey key = new DirKey(dir, name);
    Integer existing = dirs.get(key);
    if (existing == null) {
      dirs.put(key, addDirectory(dir, name, rec));
    } else if (nodes.record(existing) == NONE) {
      nodes.setRecord(existing, rec); // an explicit entry for a directory implied earlier: its metadata
    } else {
      skip(raw, "a duplicate of entry #" + nodes.record(existing) + " \""
          + Printable.of(nodes.path(existing)) + "\"; the first wins");
    }
  }

  /** Adds a directory node, noting its path's length. */
  private int addDirectory(int parent, String name, int rec) {
    int n = nodes.add(parent, name, 0, rec, true);
    if (n >= pathBytes.length) {
      pathBytes = Arrays.copyOf(pathBytes, Math.max(n + 1, 2 * pathBytes.length));
    }
    pathBytes[n] = (int) pathLength(parent, nodes.nameLength(n));
    return n;
  }

  /** The length in bytes of the path of a name of {@code nameBytes} bytes in directory {@code dir}. */
  private long pathLength(int dir, long nameBytes) {
    return (dir == ROOT ? 0 : pathBytes[dir] + 1L) + nameBytes;
  }

  /**
   * Whether {@code raw}'s last name, from {@code from} on, makes a path within the limit in
   * {@code dir}; if not, the entry is skipped with a warning.
   */
  private boolean fitsPath(int dir, String raw, int from) {
    return fits(pathLength(dir, EntryNames.utf8Length(raw, from)), raw);
  }

  /** Whether a path of {@code pathBytes} bytes is within the limit; else {@code raw} is skipped. */
  private boolean fits(long pathBytes, String raw) {
    if (pathBytes <= Nodes.MAX_PATH_BYTES) {
      return true;
    }
    skip(raw, "its path is longer than " + Nodes.MAX_PATH_BYTES + " bytes");
    return false;
  }

  /**
   * Ends building: every directory's children become a range of one array, sorted in byte order,
   * and names taken twice in a directory keep their first node.
   */
  private ZipTree link() {
    int count = nodes.count();
    int[] childCount = new int[count];
    int[] firstChild = new int[count];
    for (int n = 1; n < count; n++) {
      childCount[nodes.parent(n)]++;
    }
    for (int n = 0, at = 0; n < count; n++) {
      firstChild[n] = at;
      at += childCount[n];
    }
    int[] children = new int[count - 1];
    int[] next = firstChild.clone();
    for (int n = 1; n < count; n++) {
      children[next[nodes.parent(n)]++] = n; // in node order: the order the archive named them in
    }
    List<Integer> lostDirs = new ArrayList<>();
    for (int dir = 0; dir < count; dir++) {
      childCount[dir] = sortChildren(children, firstChild[dir], childCount[dir], lostDirs);
    }
    for (int dir : lostDirs) {
      skipBeneath(dir, children, firstChild, childCount);
    }
    nodes.trim();
    return new ZipTree(records, nodes, firstChild, childCount, children, skipped);
  }

  /**
   * Sorts {@code children[from, from + count)} by name, keeping the first of each name (the sort
   * is stable); returns how many are kept.
   */
  private int sortChildren(int[] children, int from, int count, List<Integer> lostDirs) {
    int to = from + count;
    int inOrder = from + 1;
    while (inOrder < to && nodes.compareNames(children[inOrder - 1], children[inOrder]) < 0) {
      inOrder++;
    }
    if (inOrder >= to) {
      return count; // archives are mostly written in order: already sorted, and no name twice
    }
    Integer[] sorted = new Integer[count];
    for (int i = 0; i < count; i++) {
      sorted[i] = children[from + i];
    }
    Arrays.sort(sorted, nodes::compareNames);
    int kept = from;
    for (int c : sorted) {
      if (kept > from && nodes.compareNames(children[kept - 1], c) == 0) {
        lose(children[kept - 1], c, lostDirs);
      } else {
        children[kept++] = c;
      }
    }
    return kept - from;
  }

  /** {@code loser} has the name of {@code winner}, which came first. */
  private void lose(int winner, int loser, List<Integer> lostDirs) {
    if (nodes.record(loser) != NONE) {
      skip(nodes.path(loser), "a duplicate of " + (nodes.isDirectory(winner) ? "the directory"
          : "entry #" + nodes.record(winner)) + " \"" + Printable.of(nodes.path(winner))
          + "\"; the first wins");
    }
    if (nodes.isDirectory(loser)) {
      lostDirs.add(loser); // the winner is a file: two directories never share a name
    }
  }

  /** Skips every entry beneath {@code dir}, a directory whose name a file took. */
  private void skipBeneath(int dir, int[] children, int[] firstChild, int[] childCount) {
    String file = nodes.path(dir);
    file = file.substring(0, file.length() - 1);
    ArrayDeque<Integer> todo = new ArrayDeque<>();
    todo.push(dir);
    while (!todo.isEmpty()) {
      int d = todo.pop();
      for (int i = firstChild[d]; i < firstChild[d] + childCount[d]; i++) {
        int c = children[i];
        if (nodes.record(c) != NONE) {
          skip(nodes.path(c), "\"" + Printable.of(file) + "\" is a file, not a directory");
        }
        if (nodes.isDirectory(c)) {
          todo.push(c);
        }
      }
    }
  }

  /** The names of a raw entry name, or null (and a warning) if it must be skipped. */
  private List<String> split(String raw) {
    if (raw.indexOf('\0') >= 0) {
      skip(raw, "it contains NUL");
      return null;
    }
    if (raw.startsWith("/") || raw.startsWith("\\") || EntryNames.isDrivePath(raw)) {
      skip(raw, "it is absolute");
      return null;
    }
    List<String> parts = new ArrayList<>(8);
    for (int start = 0, end; start <= raw.length(); start = end + 1) {
      end = raw.indexOf('/', start);
      if (end < 0) {
        end = raw.length();
      }
      String s = raw.substring(start, end);
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..")) {
        skip(raw, "it contains \"..\"");
        return null;
      }
      if (!EntryNames.fits(s)) {
        skip(raw, "a name in it is longer than " + Nodes.MAX_NAME_BYTES + " bytes");
        return null;
      }
      parts.add(s);
    }
    return parts;
  }

  private void skip(String name, String why) {
    skipped++;
    log.warn("skipping zip entry \"{}\": {}", Printable.of(name), why);
  }
}
