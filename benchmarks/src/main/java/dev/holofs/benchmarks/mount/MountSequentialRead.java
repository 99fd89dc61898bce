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
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Sequential read of {@code big/64m.bin} (64 MiB) in 1 MiB reads, timed per whole file; MB/s is
 * 64 MiB over that time. The file's pages are dropped before each read, so every byte comes from
 * the server even if it answered OPEN with {@code FOPEN_KEEP_CACHE}. With several JMH threads the
 * file is split into one contiguous slice per thread, each read sequentially by its thread, so
 * one operation is still the whole file and MB/s is still 64 MiB over the time of one.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MountSequentialRead {

  /** The size of {@code big/64m.bin}. */
  public static final long SIZE = 64L << 20;

  /** A per-thread 1 MiB direct buffer, the thread's slice, and the cold-cache precondition. */
  @State(Scope.Thread)
  public static class Buffer {
    final ByteBuffer bytes = ByteBuffer.allocateDirect(1 << 20);
    long start;
    long end;

    /** This thread's slice: the file split evenly, in whole MiB, among the threads. */
    @Setup(Level.Trial)
    public void slice(ThreadParams thread) {
      long mib = SIZE >> 20;
      start = (mib * thread.getThreadIndex() / thread.getThreadCount()) << 20;
      end = (mib * (thread.getThreadIndex() + 1) / thread.getThreadCount()) << 20;
    }

    /**
     * Empties the page cache of the slice before each read. Per-invocation setup is fine here:
     * one invocation takes milliseconds.
     */
    @Setup(Level.Invocation)
    public void dropCache(MountTarget target) throws IOException {
      PageCache.drop(target.big, start, end - start);
    }
  }

  /** Reads this thread's slice (the whole file with one thread); returns the byte count. */
  @Benchmark
  public long read64m(MountTarget target, Buffer buffer) throws IOException {
    ByteBuffer dst = buffer.bytes;
    long total = 0;
    try (FileChannel channel = FileChannel.open(target.big, StandardOpenOption.READ)) {
      int n;
      while (buffer.start + total < buffer.end
          && (n = channel.read(dst.clear().limit((int) Math.min(dst.capacity(),
              buffer.end - buffer.start - total)), buffer.start + total)) >= 0) {
        total += n;
      }
    }
    if (total != buffer.end - buffer.start) {
      throw new IllegalStateException("read " + total + " bytes of big/64m.bin's slice ["
          + buffer.start + ", " + buffer.end + "), not all of it");
    }
    return total;
  }
}
