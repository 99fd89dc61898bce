package dev.holofs.projfs;

/** Text from a source made safe for a log line: control characters as {@code \\uXXXX}. */
final class Escape {

  private Escape() {}

  static String text(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> {
      if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || c == '\\') {
        b.append(c == '\\' ? "\\\\" : String.format("\\u%04x", c));
      } else {
        b.appendCodePoint(c);
      }
    });
    return b.toString();
  }
}
