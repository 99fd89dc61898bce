package dev.holofs.spi;

/**
 * Name matching and ordering with ProjFS's semantics, usable on every platform.
 *
 * <p>{@link #matches} is {@code PrjFileNameMatch}: {@code *} matches any run of characters,
 * {@code ?} any one character, and the DOS wildcards {@code <} (any run up to the name's last
 * period), {@code >} (any one character, or nothing at a period or the end) and {@code "} (a
 * period, or nothing at the end), ignoring case. {@link #compare} is {@code PrjFileNameCompare}:
 * case-insensitive, code unit by code unit, a prefix first.
 */
public final class FileNames {

  private FileNames() {}

  /**
   * Whether {@code name} is a single path component: not empty, not {@code .} or {@code ..}, and
   * holding neither {@code /} nor NUL.
   */
  public static boolean isValidName(String name) {
    return !name.isEmpty()
        && !name.equals(".")
        && !name.equals("..")
        && name.indexOf('/') < 0
        && name.indexOf('\0') < 0;
  }

  /**
   * Whether {@code name} matches the search {@code expression} as {@code PrjFileNameMatch} decides;
   * a {@code null} or empty expression matches every name.
   */
  public static boolean matches(String name, String expression) {
    if (expression == null || expression.isEmpty() || expression.equals("*")) {
      return true;
    }
    int m = expression.length();
    int n = name.length();
    int lastDot = name.lastIndexOf('.');
    // NFA over positions in the expression; states[p] means "expression[0, p) matched so far".
    boolean[] states = new boolean[m + 1];
    states[0] = true;
    closeOver(states, expression, n == 0 ? -1 : name.charAt(0), 0 == n);
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      boolean[] next = new boolean[m + 1];
      boolean any = false;
      for (int p = 0; p < m; p++) {
        if (!states[p]) {
          continue;
        }
        char e = expression.charAt(p);
        switch (e) {
          case '*' -> next[p] = true;
          case '<' -> { // may consume anything but the name's last period
            if (c != '.' || i != lastDot) {
              next[p] = true;
            }
          }
          case '?' -> next[p + 1] = true;
          case '>' -> { // a period is not consumed: the closure skips '>' there
            if (c != '.') {
              next[p + 1] = true;
            }
          }
          case '"' -> {
            if (c == '.') {
              next[p + 1] = true;
            }
          }
          default -> {
            if (sameIgnoringCase(c, e)) {
              next[p + 1] = true;
            }
          }
        }
      }
      for (boolean b : next) {
        any |= b;
      }
      if (!any) {
        return false;
      }
      boolean atEnd = i + 1 == n;
      closeOver(next, expression, atEnd ? -1 : name.charAt(i + 1), atEnd);
      states = next;
    }
    return states[m];
  }

  /** Adds the states reachable by matching nothing, before character {@code c} (-1 at the end). */
  private static void closeOver(boolean[] states, String expression, int c, boolean atEnd) {
    for (int p = 0; p < expression.length(); p++) {
      if (!states[p]) {
        continue;
      }
      char e = expression.charAt(p);
      boolean skip = switch (e) {
        case '*', '<' -> true;
        case '>' -> atEnd || c == '.';
        case '"' -> atEnd;
        default -> false;
      };
      if (skip) {
        states[p + 1] = true;
      }
    }
  }

  private static boolean sameIgnoringCase(char a, char b) {
    return a == b || Character.toUpperCase(a) == Character.toUpperCase(b);
  }

  /**
   * Orders two names as {@code PrjFileNameCompare} does: case-insensitively, UTF-16 code unit by
   * code unit after upcasing, a name before any longer name it is a prefix of.
   *
   * @return negative, zero or positive
   */
  public static int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = Character.toUpperCase(a.charAt(i));
      char y = Character.toUpperCase(b.charAt(i));
      if (x != y) {
        return x < y ? -1 : 1;
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  /** Orders two names by code point, which is the unsigned byte order of their UTF-8 forms. */
  public static int compareCodePoints(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        // UTF-16 units sort as code points, except that surrogates (a code point above U+FFFF)
        // must sort after U+E000..U+FFFF: move them up past those.
        if (x >= 0xD800 && y >= 0xD800) {
          x = (char) (x >= 0xE000 ? x - 0x800 : x + 0x2000);
          y = (char) (y >= 0xE000 ? y - 0x800 : y + 0x2000);
        }
        return x < y ? -1 : 1;
      }
    }
    return Integer.compare(a.length(), b.length());
  }

}
