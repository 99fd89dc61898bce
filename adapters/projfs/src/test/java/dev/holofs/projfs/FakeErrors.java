package dev.holofs.projfs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** An HRESULT as the exception Java's file API would throw for it on Windows. */
final class FakeErrors {

  private FakeErrors() {}

  static IOException exception(int hr, String path) {
    if (hr == Prj.HR_ERROR_FILE_NOT_FOUND || hr == Prj.HR_ERROR_PATH_NOT_FOUND) {
      return new NoSuchFileException(path);
    }
    if (hr == Prj.E_ACCESSDENIED) {
      return new AccessDeniedException(path);
    }
    if (hr == (0x80070000 | 267)) { // ERROR_DIRECTORY
      return new NotDirectoryException(path);
    }
    return new IOException(path + ": " + Prj.hex(hr));
  }
}
