package dev.holofs.vfs;

/** Text from a source (names, messages) made safe for a terminal or a log: no control characters. */
final class Printable {

  private Printable() {}

  /** {@code text} with control and format characters as {@code \\uXXXX}, backslashes doubled. */
  static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (c == '\\') {
        b.append("\\\\");
      } else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
          || Character.getType(c) == Character.LINE_SEPARATOR
          || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
        b.append(String.format("\\u%04x", c));
      } else {
        b.appendCodePoint(c);
      }
    });
    return b.toString();
  }

  /** {@code uri} without the password of its user info: {@code sftp://u:secret@h/} → {@code sftp://u@h/}. */
  static String withoutPassword(String uri) {
    return uri.replaceAll("(://[^/@:]*):[^@/]*@", "$1@");
  }
}
