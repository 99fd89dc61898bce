package dev.holofs.zip;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The nodes of a {@link ZipTree}, in columns: node {@code n} has a parent, a name (UTF-8, in one
 * byte array for all nodes), a record in {@link CdRecords} (or {@link #NONE}: a directory only
 * implied by names) and a kind. Node 0 is the root. {@link ZipTreeBuilder} appends nodes; once
 * the tree is made they are only read, by any thread (the tree is reached through final fields).
 */
final class Nodes {

  static final int ROOT = 0;
  static final int NONE = -1;
  /** Linux refuses longer names (NAME_MAX); a name's length is kept in a byte. */
  static final int MAX_NAME_BYTES = 255;
  /**
   * The longest path in the tree, in UTF-8 bytes with its slashes: Linux refuses longer paths
   * (PATH_MAX is 4,096 with the NUL), so no node is deeper than 2,048 levels, and what a request
   * costs to resolve, and a path held per node, stay bounded however an archive nests.
   */
  static final int MAX_PATH_BYTES = 4095;

  private int count;
  private int[] parent;
  private int[] record;
  private boolean[] directory;
  private int[] nameAt;
  private byte[] nameLength;
  private byte[] names;
  private int namesUsed;

  /** Room for {@code expected} nodes; the root is added. */
  Nodes(int expected) {
    int capacity = expected + 64;
    parent = new int[capacity];
    record = new int[capacity];
    directory = new boolean[capacity];
    nameAt = new int[capacity];
    nameLength = new byte[capacity];
    names = new byte[Math.max(1 << 12, capacity * 16)];
    add(NONE, "", 0, NONE, true);
  }

  /**
   * Appends a node named {@code name} from {@code from} on (at most {@link #MAX_NAME_BYTES} in
   * UTF-8: the caller checked); returns its number.
   */
  int add(int parentNode, String name, int from, int rec, boolean isDirectory) {
    int n = addNode(parentNode, rec, isDirectory);
    int length = appendName(name, from);
    assert length <= MAX_NAME_BYTES : name;
    nameLength[n] = (byte) length;
    return n;
  }

  /** Appends a file node named by ASCII bytes {@code name[from, from + length)}; returns its number. */
  int addAscii(int parentNode, byte[] name, int from, int length, int rec) {
    assert length <= MAX_NAME_BYTES : length;
    int n = addNode(parentNode, rec, false);
    if (namesUsed + (long) length > names.length) {
      grow(length);
    }
    System.arraycopy(name, from, names, namesUsed, length);
    namesUsed += length;
    nameLength[n] = (byte) length;
    return n;
  }

  /** Appends a node whose name starts at {@link #namesUsed}, to be appended by the caller. */
  private int addNode(int parentNode, int rec, boolean isDirectory) {
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
    directory[n] = isDirectory;
    nameAt[n] = namesUsed;
    return n;
  }

  int count() {
    return count;
  }

  /** Gives back the room left for more nodes and names: building is over. */
  void trim() {
    parent = Arrays.copyOf(parent, count);
    record = Arrays.copyOf(record, count);
    directory = Arrays.copyOf(directory, count);
    nameAt = Arrays.copyOf(nameAt, count);
    nameLength = Arrays.copyOf(nameLength, count);
    names = Arrays.copyOf(names, namesUsed);
  }

  int parent(int n) {
    return parent[n];
  }

  /** The node's record in {@link CdRecords}, or {@link #NONE} for an implied directory. */
  int record(int n) {
    return record[n];
  }

  /** Gives an implied directory the record that names it. */
  void setRecord(int n, int rec) {
    record[n] = rec;
  }

  boolean isDirectory(int n) {
    return directory[n];
  }

  String name(int n) {
    return new String(names, nameAt[n], nameLength(n), StandardCharsets.UTF_8);
  }

  /** Compares two nodes' names in byte order. */
  int compareNames(int a, int b) {
    return Arrays.compareUnsigned(names, nameAt[a], nameAt[a] + nameLength(a),
        names, nameAt[b], nameAt[b] + nameLength(b));
  }

  /** Compares a node's name with {@code utf8} in byte order. */
  int compareName(int n, byte[] utf8) {
    return Arrays.compareUnsigned(names, nameAt[n], nameAt[n] + nameLength(n), utf8, 0, utf8.length);
  }

  /** The node's path in the archive (a directory's with a trailing slash), for messages. */
  String path(int n) {
    int depth = 0;
    for (int p = n; p > ROOT; p = parent[p]) {
      depth++;
    }
    int[] chain = new int[depth];
    for (int p = n, i = depth; p > ROOT; p = parent[p]) {
      chain[--i] = p;
    }
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      path.append(name(chain[i])).append(i < depth - 1 || directory[n] ? "/" : "");
    }
    return path.toString();
  }

  /** The length of the node's name in UTF-8 bytes. */
  int nameLength(int n) {
    return Byte.toUnsignedInt(nameLength[n]);
  }

  /** Makes room for {@code more} bytes of names. */
  private void grow(long more) {
    long room = namesUsed + more;
    if (room > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("the archive's names take more than 2 GiB");
    }
    names = Arrays.copyOf(names, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(2L * names.length, room)));
  }

  /** Appends the UTF-8 bytes of {@code name} from {@code from} on to {@link #names}; returns how many. */
  private int appendName(String name, int from) {
    int length = name.length() - from;
    if (namesUsed + 3L * length > names.length) { // the most UTF-8 can take
      grow(3L * length);
    }
    for (int i = 0; i < length; i++) {
      char c = name.charAt(from + i);
      if (c >= 0x80) { // not ASCII: the encoder's job
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
}
