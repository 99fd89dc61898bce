package dev.holofs.s3;

import dev.holofs.spi.Printable;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns what the SDK failed with into the JDK exceptions holofs maps to errno. */
final class S3Errors {

  private S3Errors() {}

  /** The HTTP status of an object replaced since its ETag was taken ({@code If-Match} failed). */
  static final int PRECONDITION_FAILED = 412;

  /** The cause under futures' wrappers. */
  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** The S3 status code of {@code t}, or 0 if it is not an S3 error response. */
  static int status(Throwable t) {
    return unwrap(t) instanceof S3Exception e ? e.statusCode() : 0;
  }

  /**
   * {@code t} as a JDK exception about {@code what} (a key, a bucket): 404 is
   * {@link NoSuchFileException}, 401/403 {@link AccessDeniedException}, anything else an
   * {@link IOException} with a one-line message; a cancellation stays one.
   */
  static Exception translate(Throwable t, String key) {
    String what = Printable.of(key); // keys come from the bucket: escaped before any log
    Throwable c = unwrap(t);
    if (c instanceof CancellationException ce) {
      return ce;
    }
    if (c instanceof IOException io) {
      return io;
    }
    if (c instanceof S3Exception e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      String message = code != null ? Printable.of(code) : "HTTP " + e.statusCode();
      return switch (e.statusCode()) {
        case 404 -> new NoSuchFileException(what, null, message);
        case 401, 403 -> new AccessDeniedException(what, null, message);
        case PRECONDITION_FAILED -> new IOException(what + ": changed in the bucket while being read");
        default -> new IOException(what + ": " + message, e);
      };
    }
    if (c instanceof ApiCallTimeoutException || c instanceof ApiCallAttemptTimeoutException) {
      return new IOException(what + ": S3 did not answer in time", c);
    }
    return new IOException(what + ": " + printable(c), c); // connection refused or reset, retries used up
  }

  /** A completion that failed with {@code t}, translated. */
  static CompletionException completion(Throwable t, String what) {
    Exception e = translate(t, what);
    return e instanceof CompletionException ce ? ce : new CompletionException(e);
  }

  /** {@link #oneLine}, escaped for a terminal or log. */
  static String printable(Throwable t) {
    return Printable.of(oneLine(t));
  }

  /** The first line of the message of {@code t} or its deepest cause that has one. */
  static String oneLine(Throwable t) {
    String message = null;
    for (Throwable c = t; c != null && message == null; c = c.getCause()) {
      message = c.getMessage();
    }
    if (message == null) {
      return t.getClass().getSimpleName();
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
