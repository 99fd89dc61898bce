package dev.holofs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InterruptedIOException;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The one table from exceptions to errno (Linux values) and HRESULT (HRESULT_FROM_WIN32). */
class ErrorsTest {

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of(new NoSuchFileException("x"), 2, 0x80070002),
        Arguments.of(new AccessDeniedException("x"), 13, 0x80070005),
        Arguments.of(new NotDirectoryException("x"), 20, 0x8007010B),
        Arguments.of(new DirectoryNotEmptyException("x"), 39, 0x80070091),
        Arguments.of(new FileAlreadyExistsException("x"), 17, 0x80070050),
        Arguments.of(new FileSystemLoopException("x"), 40, 0x80070781),
        Arguments.of(new ReadOnlyFileSystemException(), 30, 0x80070013),
        Arguments.of(new CancellationException(), 4, 0x800703E3),
        Arguments.of(new SocketTimeoutException(), 110, 0x800705B4),
        Arguments.of(new InterruptedIOException(), 4, 0x800703E3),
        Arguments.of(new InterruptedException(), 4, 0x800703E3),
        Arguments.of(new TimeoutException(), 110, 0x800705B4),
        Arguments.of(new UnsupportedOperationException(), 95, 0x80070032),
        // Anything else is an I/O error: EIO, ERROR_IO_DEVICE.
        Arguments.of(new IllegalArgumentException(), 5, 0x8007045D),
        Arguments.of(new IOException("disk"), 5, 0x8007045D),
        Arguments.of(new NullPointerException(), 5, 0x8007045D),
        Arguments.of(new OutOfMemoryError(), 5, 0x8007045D),
        // Wrappers added by futures are looked through.
        Arguments.of(new CompletionException(new NoSuchFileException("x")), 2, 0x80070002),
        Arguments.of(new ExecutionException(new CompletionException(new AccessDeniedException("x"))),
            13, 0x80070005),
        Arguments.of(new CompletionException(new java.io.UncheckedIOException(new NoSuchFileException("x"))),
            2, 0x80070002));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void mapsToErrnoAndHresult(Throwable t, int errno, int hresult) {
    assertThat(Errors.errno(t)).isEqualTo(errno);
    assertThat(Errors.hresult(t)).isEqualTo(hresult);
  }

  @Test
  void hresultFromWin32() {
    assertThat(Errors.hresultFromWin32(0)).isZero();
    assertThat(Errors.hresultFromWin32(997)).isEqualTo(0x800703E5); // ERROR_IO_PENDING
  }

  @Test
  void fileSystemErrorsAreExpectedBugsAreNot() {
    assertThat(Errors.isExpected(new NoSuchFileException("x"))).isTrue();
    assertThat(Errors.isExpected(new IOException("x"))).isTrue();
    assertThat(Errors.isExpected(new CancellationException())).isTrue();
    assertThat(Errors.isExpected(new CompletionException(new AccessDeniedException("x")))).isTrue();
    assertThat(Errors.isExpected(new NullPointerException())).isFalse();
    assertThat(Errors.isExpected(new IllegalStateException())).isFalse();
    assertThat(Errors.isExpected(new IllegalArgumentException())).isFalse();
  }
}
