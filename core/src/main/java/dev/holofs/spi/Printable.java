package dev.holofs.spi;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text that came from a source (an entry name, a key, bytes a helper printed) made safe to write
 * to a terminal or a log line: a crafted name must not forge a line, move the cursor or colour
 * the screen, and a 64 KiB name must not become a 64 KiB line. Every such text goes through here
 * before it reaches a log or an error message.
 *
 * <p>Control characters (C0, DEL, C1), line and paragraph separators, bidirectional overrides,
 * and unpaired surrogates are written as escapes ({@code \n}, {@code \x1b}, and for U+202E a
 * backslash, {@code u} and {@code 202e}); invalid UTF-8 in bytes is written {@code \xNN} per
 * byte. A backslash is left as it is, so text escaped twice (a message quoting an escaped name)
 * reads the same as once. The result is cut after {@link #MAX_CHARS} characters of input (or a
 * given number), saying how many more there were.
 */
public final class Printable {

  /** How many characters of the input are kept; the rest is counted, not shown. */
  public static final int MAX_CHARS = 256;

  private Printable() {}

  /** {@code text} escaped and truncated; {@code "null"} for null. */
  public static String of(CharSequence text) {
    return of(text, MAX_CHARS);
  }

  /** {@code text} escaped, and cut after {@code maxChars} characters (a whole message, say). */
  public static String of(CharSequence text, int maxChars) {
    if (text == null) {
      return "null";
    }
    int length = text.length();
    int kept = Math.min(length, maxChars);
    StringBuilder out = new StringBuilder(kept + 16);
    for (int i = 0; i < kept; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i)); // a pair is one character, printable
      } else {
        append(out, c);
      }
    }
    return truncated(out, length - kept, "characters");
  }

  /** {@code bytes[offset, offset + length)} decoded as UTF-8, escaped and truncated. */
  public static String of(byte[] bytes, int offset, int length) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
    CharBuffer chars = CharBuffer.allocate(2); // one character: a surrogate pair at most
    StringBuilder out = new StringBuilder(Math.min(length, MAX_CHARS) + 16);
    for (int kept = 0; in.hasRemaining() && kept < MAX_CHARS; kept++) {
      CoderResult r = decoder.decode(in, chars.clear().limit(1), true);
      if (r.isOverflow() && chars.position() == 0) {
        r = decoder.decode(in, chars.limit(2), true);
      }
      chars.flip();
      if (chars.remaining() == 2) {
        out.append(chars);
      } else if (chars.remaining() == 1) {
        append(out, chars.get());
      } else if (r.isError()) {
        for (int i = 0; i < r.length(); i++) {
          hex(out.append("\\x"), in.get() & 0xFF, 2);
        }
      } else {
        break;
      }
    }
    return truncated(out, in.remaining(), "bytes");
  }

  /**
   * {@code text} with the password of a URI's user info removed ({@code sftp://u:pw@h/} becomes
   * {@code sftp://u@h/}), wherever the URI is in the text, so a source named on the command line can
   * be shown and logged. The user info is taken to end at the last {@code @} before the path, so a
   * password typed with a raw {@code @} is removed whole; one with a raw {@code /}, {@code ?} or
   * {@code #} ends the authority early and is not recognised (percent-encode those, as URIs
   * require and Commons VFS expects). Not escaped: pass the result to
   * {@link #of(CharSequence)} if it came from a source.
   */
  public static String withoutPassword(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int from = 0;
    for (int scheme = text.indexOf("://"); scheme >= 0; scheme = text.indexOf("://", from)) {
      int start = scheme + 3;
      int end = start;
      while (end < text.length() && "/?# \t\n".indexOf(text.charAt(end)) < 0) {
        end++;
      }
      int at = text.lastIndexOf('@', end - 1);
      int colon = text.indexOf(':', start);
      out.append(text, from, start);
      if (at >= start && colon >= 0 && colon < at) {
        out.append(text, start, colon).append(text, at, end); // user, then @host
      } else {
        out.append(text, start, end);
      }
      from = end;
    }
    return out.append(text, from, text.length()).toString();
  }

  private static void append(StringBuilder out, char c) {
    switch (c) {
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      case '\0' -> out.append("\\0");
      default -> {
        if (c < 0x20 || c >= 0x7F && c < 0xA0) {
          hex(out.append("\\x"), c, 2);
        } else if (c == '\u2028' || c == '\u2029' || c >= '\u202A' && c <= '\u202E'
            || c >= '\u2066' && c <= '\u2069' || Character.isSurrogate(c)) {
          hex(out.append("\\u"), c, 4); // line breaks, reordering, or half a character
        } else {
          out.append(c);
        }
      }
    }
  }

  private static void hex(StringBuilder out, int value, int digits) {
    String h = Integer.toHexString(value);
    out.append("0".repeat(Math.max(0, digits - h.length()))).append(h);
  }

  private static String truncated(StringBuilder out, int more, String unit) {
    return more > 0 ? out.append("...(").append(more).append(" more ").append(unit).append(')').toString()
        : out.toString();
  }
}
