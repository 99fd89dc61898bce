package dev.holofs.benchmarks.mount;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Callback round trips through whatever serves {@link MountTarget}'s directory, one syscall
 * sequence per operation, timed per operation. With entry and attribute timeouts 0 each one
 * reaches the FUSE server; with caching on, {@link #stat} measures the kernel's cached stat.
 *
 * <ul>
 *   <li>{@link #stat}: {@code stat("4k.bin")} by path (Files.readAttributes) — LOOKUP + GETATTR
 *       with timeouts 0, nothing with a warm cache.
 *   <li>{@link #fstat}: {@code fstat} of an open {@code 4k.bin} — exactly one GETATTR with
 *       timeouts 0. {@link FileChannel#size()} is the JDK's fstat: no JNA, no path walk.
 *   <li>{@link #statMissing}: {@code stat} of a name that is not there — one LOOKUP answered
 *       ENOENT with timeouts 0.
 *   <li>{@link #openRead4k}: open + read 4 KiB + close of {@code 4k.bin} — LOOKUP, OPEN, READ
 *       (unless the server keeps the page cache), FLUSH, RELEASE.
 *   <li>{@link #readdirMany}: list the 1,000 entries of {@code many/} — OPENDIR, READDIR(PLUS)
 *       pages, RELEASEDIR.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MountRoundTrips {

  /** A per-thread open channel on {@code 4k.bin}, for {@link #fstat}. */
  @State(Scope.Thread)
  public static class OpenFile {
    FileChannel channel;

    /** Opens {@code 4k.bin} once for the whole trial. */
    @Setup(Level.Trial)
    public void open(MountTarget target) throws IOException {
      channel = FileChannel.open(target.fourK, StandardOpenOption.READ);
    }

    /** Closes the channel. */
    @TearDown(Level.Trial)
    public void close() throws IOException {
      channel.close();
    }
  }

  /** A per-thread 4 KiB direct buffer, so reads copy once, into it. */
  @State(Scope.Thread)
  public static class Buffer {
    final ByteBuffer bytes = ByteBuffer.allocateDirect(4096);
  }

  /** {@code stat} by path. */
  @Benchmark
  public BasicFileAttributes stat(MountTarget target) throws IOException {
    return Files.readAttributes(target.fourK, BasicFileAttributes.class);
  }

  /** {@code stat} of a missing name ({@link Files#exists}: the JDK asks without an exception). */
  @Benchmark
  public boolean statMissing(MountTarget target) {
    if (Files.exists(target.missing)) {
      throw new IllegalStateException(target.missing + " exists");
    }
    return false;
  }

  /** {@code fstat} of an open file. */
  @Benchmark
  public long fstat(OpenFile file) throws IOException {
    return file.channel.size();
  }

  /** open, read the whole 4 KiB file, close. */
  @Benchmark
  public int openRead4k(MountTarget target, Buffer buffer) throws IOException {
    ByteBuffer dst = buffer.bytes.clear();
    try (FileChannel channel = FileChannel.open(target.fourK, StandardOpenOption.READ)) {
      while (dst.hasRemaining() && channel.read(dst) >= 0) {
        // a short read is legal; keep reading until 4 KiB or end of file
      }
    }
    if (dst.position() != 4096) {
      throw new IllegalStateException("read " + dst.position() + " bytes of 4k.bin, not 4096");
    }
    return dst.get(4095);
  }

  /** Lists {@code many/}. */
  @Benchmark
  public int readdirMany(MountTarget target) throws IOException {
    int count = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(target.many)) {
      for (Path ignored : entries) {
        count++;
      }
    }
    if (count != 1000) {
      throw new IllegalStateException("many/ listed " + count + " entries, not 1000");
    }
    return count;
  }
}
