package dev.holofs.cli;

/**
 * A failure the user can act on, with a message that is the whole story: printed as one line
 * after {@code holofs: }, with no stack trace.
 */
final class UserException extends Exception {

  UserException(String message) {
    super(message);
  }

  UserException(String message, Throwable cause) {
    super(message, cause);
  }
}
