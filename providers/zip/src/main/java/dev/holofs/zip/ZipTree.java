package dev.holofs.zip;

import dev.holofs.spi.FileNames;
import dev.holofs.spi.ProjectedPath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory tree of an archive, built from its entry names. Names that could escape the root
 * (absolute, with {@code ..}) or that hold NUL are skipped with a warning, as are duplicates (the
 * first wins) and entries that clash with a directory; directories are implied by names.
 */
final class ZipTree {

  private static final Logger log = LoggerFactory.getLogger(ZipTree.class);
  /** Linux refuses longer names (NAME_MAX). */
  private static final int MAX_NAME_BYTES = 255;

  final Node root = new Node(null, "", true, null);
  int skipped;
  /** Directories by the raw prefix that names them ({@code a/b/}), once walked and checked. */
  private Map<String, Node> dirsByPrefix = new HashMap<>();

  /** Adds every entry {@code reader} reads; returns where the central directory starts. */
  long build(CentralDirectoryReader reader) throws java.io.IOException {
    long cdStart = reader.read(this::add);
    dirsByPrefix = null;
    root.freeze();
    return cdStart;
  }

  /** The node at {@code path}, or null. */
  Node find(ProjectedPath path) {
    Node n = root;
    for (String name : path.names()) {
      if (!n.directory) {
        return null;
      }
      n = n.find(name);
      if (n == null) {
        return null;
      }
    }
    return n;
  }

  void add(CdEntry e, String raw) {
    // Most entries sit in a directory already walked: only their last name needs checking.
    int slash = raw.lastIndexOf('/');
    if (slash > 0 && slash < raw.length() - 1) {
      Node dir = dirsByPrefix.get(raw.substring(0, slash + 1));
      String last = raw.substring(slash + 1);
      if (dir != null && FileNames.isValidName(last) && fits(last)) {
        put(dir, last, e, raw);
        return;
      }
    }
    List<String> names = split(raw);
    if (names == null) {
      return;
    }
    if (names.isEmpty()) {
      if (!e.directory()) {
        skip(raw, "it has no name");
      }
      return; // "./" and the like: the root itself
    }
    Node dir = root;
    for (int i = 0; i < names.size() - 1; i++) {
      Node next = dir.child(names.get(i));
      if (next == null) {
        next = new Node(dir, names.get(i), true, null);
        dir.add(next);
      } else if (!next.directory) {
        skip(raw, "\"" + next + "\" is a file, not a directory");
        return;
      }
      dir = next;
    }
    if (names.size() > 1 && slash > 0 && slash < raw.length() - 1) {
      dirsByPrefix.putIfAbsent(raw.substring(0, slash + 1), dir);
    }
    put(dir, names.get(names.size() - 1), e, raw);
  }

  /** Adds entry {@code e} (named {@code raw}) as {@code last} in {@code dir}, unless the name is taken. */
  private void put(Node dir, String last, CdEntry e, String raw) {
    Node existing = dir.child(last);
    boolean isDir = e.directory();
    if (existing == null) {
      dir.add(new Node(dir, last, isDir, e));
    } else if (isDir && existing.directory && existing.entry == null) {
      existing.entry = e; // an explicit entry for a directory names implied earlier: its metadata
    } else {
      skip(raw, "a duplicate of " + (existing.entry == null ? "the directory implied by other entries"
          : "entry #" + existing.entry.index() + " \"" + existing + "\"") + "; the first wins");
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
    List<String> names = new ArrayList<>(8);
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
      names.add(s);
    }
    return names;
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

  private void skip(String raw, String why) {
    skipped++;
    log.warn("skipping zip entry \"{}\": {}", raw.replace("\0", "\\0"), why);
  }
}
