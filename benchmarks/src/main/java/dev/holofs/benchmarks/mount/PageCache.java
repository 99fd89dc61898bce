package dev.holofs.benchmarks.mount;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Drops a file's pages from the kernel's page cache ({@code posix_fadvise(POSIX_FADV_DONTNEED)}),
 * so a read benchmark reaches the filesystem whether or not it answered OPEN with
 * {@code FOPEN_KEEP_CACHE}. A no-op on tmpfs, whose pages are the file itself.
 */
final class PageCache {

  private static final int O_RDONLY = 0;
  private static final int POSIX_FADV_DONTNEED = 4;

  /** The three libc calls this needs. */
  interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int open(String path, int flags);

    int posix_fadvise(int fd, long offset, long length, int advice);

    int close(int fd);
  }

  private PageCache() {}

  static void drop(Path file) throws IOException {
    drop(file, 0, 0);
  }

  /** Drops the pages of {@code length} bytes from {@code offset} (0: to the end). */
  static void drop(Path file, long offset, long length) throws IOException {
    int fd = LibC.INSTANCE.open(file.toString(), O_RDONLY);
    if (fd < 0) {
      throw new IOException("open " + file + ": errno " + Native.getLastError());
    }
    try {
      int err = LibC.INSTANCE.posix_fadvise(fd, offset, length, POSIX_FADV_DONTNEED);
      if (err != 0) {
        throw new IOException("posix_fadvise " + file + ": errno " + err);
      }
    } finally {
      LibC.INSTANCE.close(fd);
    }
  }
}
