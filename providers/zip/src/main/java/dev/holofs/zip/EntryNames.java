package dev.holofs.zip;

import java.nio.charset.StandardCharsets;

/**
 * Which entry names, and parts of them, the tree can take as they are: checks {@link
 * ZipTreeBuilder} makes on every name, without splitting it or encoding it (for ASCII names,
 * without making a String at all).
 *
 * <p>The checks on bytes may only be stricter than those on Strings, never laxer: a name the
 * bytes refuse is decoded and goes the String way, which decides, so a name they take must be one
 * the String way takes too (EntryNamesTest). A drive-like {@code 1:\x} is refused on bytes, for
 * one, and taken on Strings.
 */
final class EntryNames {

  private EntryNames() {}

  /** {@link #isSafeLastName(String, int)} for an ASCII name. */
  static boolean isSafeLastName(byte[] name, int from, int length) {
    int n = length - from;
    if (n == 0 || n > Nodes.MAX_NAME_BYTES
        || name[from] == '.' && (n == 1 || n == 2 && name[from + 1] == '.')
        || from == 0 && (name[0] == '\\'
            || n > 2 && name[1] == ':' && (name[2] == '/' || name[2] == '\\'))) {
      return false;
    }
    for (int i = from; i < length; i++) {
      if (name[i] == 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code raw} from {@code from} on, which holds no slash and follows a checked prefix
   * (or starts the name), is a name the tree can take: not empty, {@code .} or {@code ..}, without
   * NUL, within NAME_MAX, and, if it is the whole name, not absolute on Windows.
   */
  static boolean isSafeLastName(String raw, int from) {
    int length = raw.length() - from;
    if (length == 0 || raw.indexOf('\0', from) >= 0 || raw.charAt(from) == '.'
        && (length == 1 || length == 2 && raw.charAt(from + 1) == '.')) {
      return false;
    }
    if (from == 0 && (raw.startsWith("\\") || isDrivePath(raw))) {
      return false;
    }
    return length <= Nodes.MAX_NAME_BYTES / 3 || fits(raw.substring(from));
  }

  /** The UTF-8 length of {@code s} from {@code from} on, without encoding it. */
  static long utf8Length(String s, int from) {
    long n = 0;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3; // a pair: 4 in all
    }
    return n;
  }

  /** Whether a name's UTF-8 form is within NAME_MAX. */
  static boolean fits(String name) {
    return name.length() <= Nodes.MAX_NAME_BYTES / 3
        || name.getBytes(StandardCharsets.UTF_8).length <= Nodes.MAX_NAME_BYTES;
  }

  /** {@code C:/x} or {@code C:\x}: absolute on Windows. */
  static boolean isDrivePath(String raw) {
    return raw.length() > 2 && raw.charAt(1) == ':' && Character.isLetter(raw.charAt(0))
        && (raw.charAt(2) == '/' || raw.charAt(2) == '\\');
  }
}
