package dev.holofs.zip;

import java.io.IOException;

/** The archive's structure is broken: its message is the one-line reason. */
final class ZipFormatException extends IOException {

  ZipFormatException(String message) {
    super(message);
  }
}
