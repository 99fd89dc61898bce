package dev.holofs.benchmarks.mount;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sequential read of {@code big/64m.bin} (64 MiB) in 1 MiB reads, timed per whole file; MB/s is
 * 64 MiB over that time. The file's pages are dropped before each read, so every byte comes from
 * the server even if it answered OPEN with {@code FOPEN_KEEP_CACHE}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MountSequentialRead {

  /** The size of {@code big/64m.bin}. */
  public static final long SIZE = 64L << 20;

  /** A per-thread 1 MiB direct buffer, and the cold-cache precondition of each read. */
  @State(Scope.Thread)
  public static class Buffer {
    final ByteBuffer bytes = ByteBuffer.allocateDirect(1 << 20);

    /**
     * Empties the page cache of the file before each read. Per-invocation setup is fine here:
     * one invocation takes tens of milliseconds.
     */
    @Setup(Level.Invocation)
    public void dropCache(MountTarget target) throws IOException {
      PageCache.drop(target.big);
    }
  }

  /** Reads the whole file; returns the byte count so nothing is optimised away. */
  @Benchmark
  public long read64m(MountTarget target, Buffer buffer) throws IOException {
    ByteBuffer dst = buffer.bytes;
    long total = 0;
    try (FileChannel channel = FileChannel.open(target.big, StandardOpenOption.READ)) {
      int n;
      while ((n = channel.read(dst.clear())) >= 0) {
        total += n;
      }
    }
    if (total != SIZE) {
      throw new IllegalStateException("read " + total + " bytes of big/64m.bin, not " + SIZE);
    }
    return total;
  }
}
