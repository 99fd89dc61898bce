package dev.holofs.engine;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.ReadOnlyFileSystemException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The one table from a provider's exception to a platform error: errno for FUSE, HRESULT for
 * ProjFS. Internal to holofs.
 */
public final class Errors {

  private Errors() {}

  /** One row: an exception type and what it means on each platform. */
  private record Row(Class<? extends Throwable> type, int errno, int win32Error) {}

  private static final int ERROR_IO_DEVICE = 1117;

  // Most specific first: the first row whose type matches wins.
  private static final Row[] TABLE = {
      new Row(NoSuchFileException.class, 2 /* ENOENT */, 2 /* ERROR_FILE_NOT_FOUND */),
      new Row(AccessDeniedException.class, 13 /* EACCES */, 5 /* ERROR_ACCESS_DENIED */),
      new Row(NotDirectoryException.class, 20 /* ENOTDIR */, 267 /* ERROR_DIRECTORY */),
      new Row(DirectoryNotEmptyException.class, 39 /* ENOTEMPTY */, 145 /* ERROR_DIR_NOT_EMPTY */),
      new Row(FileAlreadyExistsException.class, 17 /* EEXIST */, 80 /* ERROR_FILE_EXISTS */),
      new Row(FileSystemLoopException.class, 40 /* ELOOP */, 1921 /* ERROR_CANT_RESOLVE_FILENAME */),
      new Row(ReadOnlyFileSystemException.class, 30 /* EROFS */, 19 /* ERROR_WRITE_PROTECT */),
      new Row(CancellationException.class, 4 /* EINTR */, 995 /* ERROR_OPERATION_ABORTED */),
      new Row(SocketTimeoutException.class, 110 /* ETIMEDOUT */, 1460 /* ERROR_TIMEOUT */),
      new Row(InterruptedIOException.class, 4 /* EINTR */, 995 /* ERROR_OPERATION_ABORTED */),
      new Row(InterruptedException.class, 4 /* EINTR */, 995 /* ERROR_OPERATION_ABORTED */),
      new Row(TimeoutException.class, 110 /* ETIMEDOUT */, 1460 /* ERROR_TIMEOUT */),
      // Not ENOSYS: to FUSE that means "never send this again", for the whole mount.
      new Row(UnsupportedOperationException.class, 95 /* EOPNOTSUPP */, 50 /* ERROR_NOT_SUPPORTED */),
  };

  /**
   * The exception under wrappers added by futures, and under {@link UncheckedIOException} (how an
   * {@link java.io.IOException} leaves a lambda, e.g. in {@code CompletableFuture.supplyAsync}).
   */
  public static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException
        || t instanceof UncheckedIOException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** The positive errno for {@code t}; {@code EIO} (5) for anything not in the table. */
  public static int errno(Throwable t) {
    Row row = rowFor(t);
    return row == null ? 5 : row.errno;
  }

  /** The HRESULT for {@code t}; {@code HRESULT_FROM_WIN32(ERROR_IO_DEVICE)} if not in the table. */
  public static int hresult(Throwable t) {
    Row row = rowFor(t);
    return hresultFromWin32(row == null ? ERROR_IO_DEVICE : row.win32Error);
  }

  /** {@code HRESULT_FROM_WIN32}. */
  public static int hresultFromWin32(int win32Error) {
    return win32Error <= 0 ? win32Error : (win32Error & 0xFFFF) | 0x80070000;
  }

  /**
   * Whether {@code t} is an answer a provider means to give (a JDK file-system error,
   * cancellation) rather than a bug; unexpected ones are logged with the path.
   */
  public static boolean isExpected(Throwable t) {
    Throwable u = unwrap(t);
    return rowFor(u) != null || u instanceof java.io.IOException;
  }

  private static Row rowFor(Throwable t) {
    Throwable u = unwrap(t);
    for (Row row : TABLE) {
      if (row.type.isInstance(u)) {
        return row;
      }
    }
    return null;
  }
}
