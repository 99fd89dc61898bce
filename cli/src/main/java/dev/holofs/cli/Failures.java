package dev.holofs.cli;

import dev.holofs.spi.Printable;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns any failure into the one line the command prints after {@code holofs: }. */
final class Failures {

  /** An error line is cut after this many characters. */
  private static final int MAX_LINE = 1024;

  private Failures() {}

  /** One line describing {@code t}: its message, reworded where the JDK's alone is unclear. */
  static String oneLine(Throwable t) {
    Throwable u = unwrap(t);
    String message = u.getMessage();
    if (u instanceof UserException) {
      return firstLine(message);
    }
    if (u instanceof FileSystemException f && f.getReason() == null && f.getFile() != null) {
      // The JDK's bare subclasses carry only the path: say what went wrong with it.
      String what = u instanceof NoSuchFileException ? "no such file or directory"
          : u instanceof AccessDeniedException ? "permission denied"
          : u instanceof NotDirectoryException ? "not a directory"
          : u.getClass().getSimpleName();
      return Printable.of(f.getFile(), MAX_LINE) + ": " + what;
    }
    if (message == null || message.isBlank()) {
      return u.getClass().getSimpleName() + " (set HOLOFS_DEBUG=1 for a stack trace)";
    }
    return firstLine(message);
  }

  /** The exception under the wrappers that futures, reflection and lambdas add. */
  static Throwable unwrap(Throwable t) {
    while (t.getCause() != null && (t instanceof CompletionException
        || t instanceof ExecutionException || t instanceof UncheckedIOException
        || t instanceof InvocationTargetException)) {
      t = t.getCause();
    }
    return t;
  }

  /** Whether stack traces were asked for (HOLOFS_DEBUG=1), for reports of real bugs. */
  static boolean debug() {
    return "1".equals(System.getenv("HOLOFS_DEBUG"));
  }

  /**
   * The first line of {@code message}, escaped: a message may carry a name or bytes from a source,
   * which must not reach the terminal raw.
   */
  static String firstLine(String message) {
    String line = message.strip();
    int newline = line.indexOf('\n');
    return Printable.of(newline < 0 ? line : line.substring(0, newline).strip(), MAX_LINE);
  }
}
