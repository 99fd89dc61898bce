package dev.holofs.cli;

import dev.holofs.hcs.GuestImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Follows the guest's console file: prints the command's output, escaped (the bytes come from the
 * guest and the projected sources), without the guest's own markers and kernel messages, and
 * keeps the command's exit status.
 */
final class GuestConsole {

  private final Path file;
  private final PrintWriter out;
  private final StringBuilder partial = new StringBuilder();
  private long offset;
  private Integer exitStatus;

  GuestConsole(Path file, PrintWriter out) {
    this.file = file;
    this.out = out;
  }

  /** Prints the lines that arrived since the last call. */
  synchronized void drain() throws IOException {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      if (in.length() <= offset) {
        return;
      }
      byte[] bytes = new byte[(int) Math.min(in.length() - offset, 1 << 20)];
      in.seek(offset);
      in.readFully(bytes);
      offset += bytes.length;
      partial.append(new String(bytes, StandardCharsets.UTF_8));
    }
    int newline;
    while ((newline = partial.indexOf("\n")) >= 0) {
      line(partial.substring(0, newline));
      partial.delete(0, newline + 1);
    }
    out.flush();
  }

  /** The guest command's exit status, once it printed one. */
  synchronized Integer exitStatus() {
    return exitStatus;
  }

  private void line(String raw) {
    String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
    if (line.startsWith(GuestImage.EXIT_MARKER)) {
      try {
        exitStatus = Integer.parseInt(line.substring(GuestImage.EXIT_MARKER.length()).strip());
      } catch (NumberFormatException e) {
        exitStatus = 1;
      }
      return;
    }
    if (line.startsWith("holofs-") || line.matches("\\[\\s*\\d+\\.\\d+\\] .*")) {
      return;  // the guest's markers and kernel messages
    }
    out.println(escape(line));
  }

  /** Control characters as {@code \xNN}, so guest bytes cannot drive the terminal. */
  static String escape(String line) {
    StringBuilder escaped = new StringBuilder(line.length());
    line.codePoints().forEach(c -> {
      if (c == '\t' || (c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0))) {
        escaped.appendCodePoint(c);
      } else {
        escaped.append(String.format("\\x%02x", c));
      }
    });
    return escaped.toString();
  }
}
