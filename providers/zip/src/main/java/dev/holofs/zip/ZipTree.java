package dev.holofs.zip;

import dev.holofs.spi.Collation;
import dev.holofs.spi.ProjectedPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory tree of an archive, built from its entry names. Names that could escape the root
 * (absolute, with {@code ..}) or that hold NUL are skipped with a warning, as are duplicates (the
 * first wins) and entries that clash with a directory; directories are implied by names.
 *
 * <p>Nodes are ints, the root is 0, and their fields are columns, like the records': a parent, a
 * name (UTF-8, in one byte array for all), a record (or {@link #NONE} for a directory only implied
 * by names) and, for a directory, a range of {@code children} sorted in byte order, where a binary
 * search finds a name. So a tree of 100,000 entries is a few arrays, not 100,000 objects for the
 * collector to trace. Only directories are looked up while the tree is built; a duplicate file is
 * found once all names are in, sorted next to the first of its name, which wins as it came first.
 */
final class ZipTree {

  private static final Logger log = LoggerFactory.getLogger(ZipTree.class);
  static final int ROOT = 0;
  static final int NONE = -1;
  /** Linux refuses longer names (NAME_MAX). */
  private static final int MAX_NAME_BYTES = 255;

  final CdRecords records;
  int skipped;

  private int count;
  private int[] parent;
  private int[] record;
  private boolean[] directory;
  private int[] nameAt;
  /** Unsigned: at most {@link #MAX_NAME_BYTES}. */
  private byte[] nameLength;
  private byte[] names;
  private int namesUsed;

  /** A directory's children are {@code children[firstChild, firstChild + childCount)}. */
  private int[] firstChild;
  private int[] childCount;
  private int[] children;
  /** Directories' children in an order other than byte order, made when first asked for. */
  private final Map<Integer, int[]> otherOrders = new ConcurrentHashMap<>();
  private AtomicReferenceArray<FileEntry> files;

  /** Directories by their path with a trailing slash ({@code a/b/}), while the tree is built. */
  private Map<String, Integer> dirs = new HashMap<>();
  /** The directory of the last entry added, and its path as in {@link #dirs}. */
  private int lastDir = ROOT;
  private String lastDirPath = "";

  /** An empty tree with room for {@code expectedEntries}. */
  ZipTree(int expectedEntries) {
    records = new CdRecords(expectedEntries);
    int capacity = expectedEntries + 64;
    parent = new int[capacity];
    record = new int[capacity];
    directory = new boolean[capacity];
    nameAt = new int[capacity];
    nameLength = new byte[capacity];
    names = new byte[Math.max(1 << 12, capacity * 16)];
    dirs.put("", newNode(NONE, "", 0, NONE, true));
  }

  /** Adds every entry {@code reader} reads; returns where the central directory starts. */
  long build(CentralDirectoryReader reader) throws IOException {
    long cdStart = reader.read(records, this::add);
    dirs = null;
    link();
    return cdStart;
  }

  /** The node at {@code path}, or {@link #NONE}. */
  int find(ProjectedPath path) {
    int n = ROOT;
    for (String name : path.names()) {
      if (!directory[n]) {
        return NONE;
      }
      n = child(n, name.getBytes(StandardCharsets.UTF_8));
      if (n == NONE) {
        return NONE;
      }
    }
    return n;
  }

  boolean isDirectory(int node) {
    return directory[node];
  }

  /** The node's record in {@link #records}, or {@link #NONE} for an implied directory. */
  int record(int node) {
    return record[node];
  }

  String name(int node) {
    return new String(names, nameAt[node], nameLength(node), StandardCharsets.UTF_8);
  }

  int childCount(int dir) {
    return childCount[dir];
  }

  /** The {@code i}th child of {@code dir} in {@code collation} order. */
  int child(int dir, int i, Collation collation) {
    return collation == Collation.BYTE_ORDER ? children[firstChild[dir] + i] : inOrder(dir, collation)[i];
  }

  /** The index (as {@link #child}'s) of the first child of {@code dir} after {@code name}. */
  int indexAfter(int dir, String name, Collation collation) {
    int lo = 0;
    int hi = childCount[dir];
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (collation.compare(name(child(dir, mid, collation)), name) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The file entry of {@code node} (a file, not a directory), made once and kept. */
  FileEntry file(int node) {
    FileEntry f = files.get(node);
    if (f == null) {
      f = new FileEntry(records.get(record[node]), path(node));
      if (!files.compareAndSet(node, null, f)) {
        f = files.get(node);
      }
    }
    return f;
  }

  /** The path in the archive (a directory's with a trailing slash), for messages. */
  String path(int node) {
    StringBuilder path = new StringBuilder(directory[node] ? name(node) + "/" : name(node));
    for (int n = parent[node]; n > ROOT; n = parent[n]) {
      path.insert(0, name(n) + "/");
    }
    return path.toString();
  }

  private int nameLength(int node) {
    return Byte.toUnsignedInt(nameLength[node]);
  }

  /** The child of {@code dir} named {@code key} (UTF-8), or {@link #NONE}. */
  private int child(int dir, byte[] key) {
    int lo = firstChild[dir];
    int hi = lo + childCount[dir] - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = children[mid];
      int cmp = Arrays.compareUnsigned(names, nameAt[c], nameAt[c] + nameLength(c), key, 0, key.length);
      if (cmp < 0) {
        lo = mid + 1;
      } else if (cmp > 0) {
        hi = mid - 1;
      } else {
        return c;
      }
    }
    return NONE;
  }

  private int compareNames(int a, int b) {
    return Arrays.compareUnsigned(names, nameAt[a], nameAt[a] + nameLength(a),
        names, nameAt[b], nameAt[b] + nameLength(b));
  }

  private int[] inOrder(int dir, Collation collation) {
    return otherOrders.computeIfAbsent(dir, d -> {
      int n = childCount[d];
      String[] childNames = new String[n];
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
        childNames[i] = name(children[firstChild[d] + i]);
      }
      Arrays.sort(order, (a, b) -> collation.compare(childNames[a], childNames[b]));
      int[] sorted = new int[n];
      for (int i = 0; i < n; i++) {
        sorted[i] = children[firstChild[d] + order[i]];
      }
      return sorted;
    });
  }

  // ---- building ----

  private void add(int rec, String raw) {
    boolean isDir = records.isDirectory(rec);
    int slash = raw.lastIndexOf('/');
    int dir = knownDirectory(raw, slash);
    if (dir != NONE && isSafeLastName(raw, slash + 1)) { // most entries: one name to check
      if (isDir) {
        put(dir, lastDirPath, raw.substring(slash + 1), rec, true);
      } else {
        newNode(dir, raw, slash + 1, rec, false); // no String of its own for the name
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
    dir = ROOT;
    String dirPath = "";
    for (int i = 0; i < parts.size() - 1; i++) {
      dirPath = dirPath + parts.get(i) + "/";
      Integer next = dirs.get(dirPath);
      if (next == null) {
        next = newNode(dir, parts.get(i), 0, NONE, true);
        dirs.put(dirPath, next);
      }
      dir = next;
    }
    lastDirPath = dirPath;
    lastDir = dir;
    put(dir, dirPath, parts.get(parts.size() - 1), rec, isDir);
  }

  /**
   * The directory {@code raw} up to {@code slash} names, if the tree has it under that path (the
   * root if there is no slash), or {@link #NONE}. The last one found is tried first, which takes
   * no String: entries are mostly listed directory by directory.
   */
  private int knownDirectory(String raw, int slash) {
    if (slash == lastDirPath.length() - 1 && raw.startsWith(lastDirPath)) {
      return lastDir;
    }
    if (slash == 0) {
      return NONE; // absolute
    }
    String dirPath = slash < 0 ? "" : raw.substring(0, slash + 1);
    Integer dir = dirs.get(dirPath);
    if (dir == null) {
      return NONE;
    }
    lastDirPath = dirPath;
    lastDir = dir;
    return dir;
  }

  /**
   * Whether {@code raw} from {@code from} on, which holds no slash, is a name the tree can take:
   * not empty, {@code .} or {@code ..}, without NUL, within NAME_MAX, and not absolute on Windows.
   */
  private static boolean isSafeLastName(String raw, int from) {
    int length = raw.length() - from;
    if (length == 0 || raw.indexOf('\0', from) >= 0 || raw.charAt(from) == '.'
        && (length == 1 || length == 2 && raw.charAt(from + 1) == '.')) {
      return false;
    }
    if (from == 0 && (raw.startsWith("\\") || isDrivePath(raw))) {
      return false;
    }
    return length <= MAX_NAME_BYTES / 3 || fits(raw.substring(from));
  }

  /** Adds record {@code rec} as {@code last} in {@code dir}; a directory's name must be free. */
  private void put(int dir, String dirPath, String last, int rec, boolean isDir) {
    if (!isDir) {
      newNode(dir, last, 0, rec, false);
      return;
    }
    String path = dirPath + last + "/";
    Integer existing = dirs.get(path);
    if (existing == null) {
      dirs.put(path, newNode(dir, last, 0, rec, true));
    } else if (record[existing] == NONE) {
      record[existing] = rec; // an explicit entry for a directory implied earlier: its metadata
    } else {
      skip(path, "a duplicate of entry #" + record[existing] + " \"" + path + "\"; the first wins");
    }
  }

  /** A node named {@code name} from {@code from} on. */
  private int newNode(int parentNode, String name, int from, int rec, boolean isDir) {
    if (count == parent.length) {
      int capacity = count + (count >> 1);
      parent = Arrays.copyOf(parent, capacity);
      record = Arrays.copyOf(record, capacity);
      directory = Arrays.copyOf(directory, capacity);
      nameAt = Arrays.copyOf(nameAt, capacity);
      nameLength = Arrays.copyOf(nameLength, capacity);
    }
    int n = count++;
    parent[n] = parentNode;
    record[n] = rec;
    directory[n] = isDir;
    nameAt[n] = namesUsed;
    nameLength[n] = (byte) appendName(name, from);
    return n;
  }

  /** Appends the UTF-8 bytes of {@code name} from {@code from} on to {@link #names}; returns how many. */
  private int appendName(String name, int from) {
    int length = name.length() - from;
    if (namesUsed + 3 * length > names.length) {
      names = Arrays.copyOf(names, Math.max(names.length * 2, namesUsed + 3 * length));
    }
    for (int i = 0; i < length; i++) {
      char c = name.charAt(from + i);
      if (c >= 0x80) {
        byte[] utf8 = name.substring(from).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(utf8, 0, names, namesUsed, utf8.length);
        namesUsed += utf8.length;
        return utf8.length;
      }
      names[namesUsed + i] = (byte) c;
    }
    namesUsed += length;
    return length;
  }

  /**
   * Ends building: every directory's children become a sorted range of {@link #children}, and
   * names taken twice in a directory keep the first node (the first in the archive).
   */
  private void link() {
    childCount = new int[count];
    firstChild = new int[count];
    for (int n = 1; n < count; n++) {
      childCount[parent[n]]++;
    }
    for (int n = 0, at = 0; n < count; n++) {
      firstChild[n] = at;
      at += childCount[n];
    }
    children = new int[Math.max(count - 1, 0)];
    int[] next = firstChild.clone();
    for (int n = 1; n < count; n++) {
      children[next[parent[n]]++] = n; // in node order: the order they came in
    }
    List<Integer> lostDirs = new ArrayList<>();
    for (int dir = 0; dir < count; dir++) {
      if (childCount[dir] > 1) {
        sortChildren(dir, lostDirs);
      }
    }
    for (int dir : lostDirs) {
      skipBeneath(dir);
    }
    files = new AtomicReferenceArray<>(count);
  }

  /** Sorts {@code dir}'s children by name, keeping the first of each name (the sort is stable). */
  private void sortChildren(int dir, List<Integer> lostDirs) {
    int from = firstChild[dir];
    int to = from + childCount[dir];
    int inOrder = from + 1;
    while (inOrder < to && compareNames(children[inOrder - 1], children[inOrder]) < 0) {
      inOrder++;
    }
    if (inOrder == to) {
      return; // archives are mostly written in order: already sorted, and no name twice
    }
    Integer[] sorted = new Integer[to - from];
    for (int i = from; i < to; i++) {
      sorted[i - from] = children[i];
    }
    Arrays.sort(sorted, this::compareNames);
    int kept = from;
    for (int c : sorted) {
      if (kept > from && compareNames(children[kept - 1], c) == 0) {
        lose(children[kept - 1], c, lostDirs);
      } else {
        children[kept++] = c;
      }
    }
    childCount[dir] = kept - from;
  }

  /** {@code loser} has the name of {@code winner}, which came first. */
  private void lose(int winner, int loser, List<Integer> lostDirs) {
    if (record[loser] != NONE) {
      skip(path(loser), "a duplicate of " + (directory[winner] ? "the directory" : "entry #" + record[winner])
          + " \"" + path(winner) + "\"; the first wins");
    }
    if (directory[loser]) {
      lostDirs.add(loser); // a file came first (two directories never share a node)
    }
  }

  /** Skips every entry beneath {@code dir}, a directory whose name a file took. */
  private void skipBeneath(int dir) {
    String file = path(dir);
    file = file.substring(0, file.length() - 1);
    ArrayDeque<Integer> todo = new ArrayDeque<>();
    todo.push(dir);
    while (!todo.isEmpty()) {
      int d = todo.pop();
      for (int i = firstChild[d]; i < firstChild[d] + childCount[d]; i++) {
        int c = children[i];
        if (record[c] != NONE) {
          skip(path(c), "\"" + file + "\" is a file, not a directory");
        }
        if (directory[c]) {
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
    if (raw.startsWith("/") || raw.startsWith("\\") || isDrivePath(raw)) {
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
      if (!fits(s)) {
        skip(raw, "a name in it is longer than " + MAX_NAME_BYTES + " bytes");
        return null;
      }
      parts.add(s);
    }
    return parts;
  }

  /** Whether a name's UTF-8 form is within NAME_MAX. */
  private static boolean fits(String name) {
    return name.length() <= MAX_NAME_BYTES / 3
        || name.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES;
  }

  /** {@code C:/x} or {@code C:\x}: absolute on Windows. */
  private static boolean isDrivePath(String raw) {
    return raw.length() > 2 && raw.charAt(1) == ':' && Character.isLetter(raw.charAt(0))
        && (raw.charAt(2) == '/' || raw.charAt(2) == '\\');
  }

  private void skip(String name, String why) {
    skipped++;
    log.warn("skipping zip entry \"{}\": {}", name.replace("\0", "\\0"), why);
  }
}
