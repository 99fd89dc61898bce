package dev.holofs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What is mounted where, read from {@code /proc/self/mountinfo}. */
final class MountTable {

  /** One mount: where, and its filesystem type ({@code fuse.holofs}, {@code ext4}, …). */
  record Entry(Path mountpoint, String fsType, String source) {
    boolean isFuse() {
      return fsType.equals("fuse") || fsType.startsWith("fuse.") || fsType.equals("fuseblk");
    }
  }

  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  private MountTable() {}

  /** The topmost mount on {@code mountpoint} (an absolute, normalized path), or null if none. */
  static Entry find(Path mountpoint) throws IOException {
    if (!Files.isReadable(MOUNTINFO)) {
      return null; // not Linux: nothing to tell
    }
    Entry found = null;
    for (String line : Files.readAllLines(MOUNTINFO)) {
      Entry entry = parse(line);
      if (entry != null && entry.mountpoint().equals(mountpoint)) {
        found = entry; // later lines are mounted on top of earlier ones
      }
    }
    return found;
  }

  /**
   * Parses a mountinfo line: {@code id parent major:minor root MOUNTPOINT options [tags] - FSTYPE
   * SOURCE superoptions}, with spaces and other special bytes in paths written as {@code \ooo}.
   */
  static Entry parse(String line) {
    String[] fields = line.split(" ");
    int dash = List.of(fields).indexOf("-");
    if (fields.length < 5 || dash < 0 || dash + 2 >= fields.length) {
      return null;
    }
    return new Entry(Path.of(unescape(fields[4])), unescape(fields[dash + 1]),
        unescape(fields[dash + 2]));
  }

  static String unescape(String field) {
    if (field.indexOf('\\') < 0) {
      return field;
    }
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && isOctal(field, i + 1)) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '7') {
        return false;
      }
    }
    return true;
  }
}
