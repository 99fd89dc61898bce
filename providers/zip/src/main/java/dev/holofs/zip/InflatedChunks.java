package dev.holofs.zip;

import com.google.common.util.concurrent.ExecutionError;
import com.google.common.util.concurrent.UncheckedExecutionException;
import dev.holofs.spi.Command;
import dev.holofs.spi.DataSink;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves deflated entries from the provider's {@link EntryCache}. Entries up to a size (1 MiB, or
 * an eighth of the cache if less) are inflated whole on first touch, so every later read of them
 * is a copy — most entries of most archives, and the ones random readers come back to. Larger
 * ones are cached in fixed-size chunks: a missing chunk is inflated by the nearest live
 * {@link Cursor} before it (sequential readers keep theirs), or from the nearest
 * {@link Checkpoint}, so no read inflates from the entry's start again once the entry has been
 * through once, and memory stays bounded however large the entry; a sequential reader's next few
 * chunks are inflated ahead on a background thread.
 */
final class InflatedChunks {

  private static final Logger log = LoggerFactory.getLogger(InflatedChunks.class);

  /** Entries up to this size are inflated whole (if they weigh at most an eighth of the cache). */
  static final int WHOLE_MAX = 1 << 20;

  /** Chunks inflated ahead of a sequential reader. */
  private static final int AHEAD = 4;

  private final FileChannel channel;
  private final int chunkSize;
  /**
   * Chunks passed on the way to a target are cached only this close to it (two chunks: a reader
   * whose reads arrive a little out of order). Not more: a random reader seldom comes back to the
   * chunks it passed, and with 4 MiB kept behind each random read into a large entry allocated
   * that much, evicting as much, and full collections took a third of the many shape's preads.
   */
  private final long keepBehind;
  private final long wholeMax;
  private final EntryCache cache;
  private final CursorPool cursors;
  private final Checkpoints checkpoints;
  private final WholeEntryInflater whole;
  /** Bytes the cursors have inflated, over all entries (for tests). */
  private final AtomicLong bytesInflated = new AtomicLong();
  /** Inflates ahead of sequential readers, so their next chunks are ready when asked for. */
  private final ThreadPoolExecutor ahead;
  /**
   * Read-ahead tasks queued or running (for tests): the pool's active count misses a task its
   * worker has taken from the queue but not yet started.
   */
  private final AtomicInteger aheadTasks = new AtomicInteger();

  InflatedChunks(FileChannel channel, ZipOptions options) {
    this.channel = channel;
    this.chunkSize = options.chunkSize();
    // The chunks' share holds at least a sequential reader's window: its chunks read ahead, the
    // one it reads and the one before.
    this.cache = new EntryCache(options.dataCacheSize() - options.checkpointCacheSize(), chunkSize,
        AHEAD + 2);
    this.keepBehind = Math.min(2L * chunkSize, cache.chunkCapacity() / 4);
    this.wholeMax = Math.max(chunkSize,
        Math.min(WHOLE_MAX, cache.capacity() / 8 - EntryCache.OVERHEAD));
    // A reader just ahead of a busy cursor (often the read-ahead) waits for it, not duplicate it.
    this.cursors = new CursorPool(options.maxInflaters(), (AHEAD + 2L) * chunkSize);
    this.checkpoints = new Checkpoints(options.checkpointInterval(), options.checkpointCacheSize());
    this.whole = new WholeEntryInflater(channel, options.maxInflaters());
    this.ahead = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new ArrayBlockingQueue<>(2),
        r -> {
          Thread t = new Thread(r, "holofs-zip-readahead");
          t.setDaemon(true);
          return t;
        }, (task, pool) -> aheadTasks.decrementAndGet()); // the queue is full: dropped
    this.ahead.allowCoreThreadTimeOut(true);
  }

  /**
   * Writes {@code [offset, offset + length)} of {@code file}'s data (within its size) to the sink.
   * True when it ended a read in order through an entry inflated whole.
   */
  boolean read(Command command, FileEntry file, long dataStart, long offset, int length,
      DataSink sink) throws IOException {
    if (isWhole(file.entry)) {
      byte[] all = cache.whole(file);
      if (all == null) {
        // Waiting for another reader's load counts as blocking too: holding an execution permit
        // while the loader waits to get one back would deadlock the pool.
        all = command.blocking(() -> loadWhole(file, dataStart));
      }
      // Recorded before the reply: once the kernel has it, the next read may come on another thread.
      boolean through = file.readThrough(offset, length);
      sink.write(ByteBuffer.wrap(all, (int) offset, length));
      if (through) {
        // Read once from start to end, as by cat, grep -r, tar c: the kernel keeps the pages of
        // an immutable archive, so the cache would only hold a copy nobody asks for again.
        cache.dropWhole(file);
      }
      return through;
    }
    // Recorded before the reply, as above. Under concurrent (FUSE async) reads the chain may
    // break; a read that covers a chunk from its start still shows that chunk was served whole.
    boolean continues = file.continues(offset, length);
    long pos = offset;
    long end = offset + length;
    // Sequential is decided once per read, from the chunk the last read ended in: this read starts
    // in the next one, or (reads not aligned to chunks) it continues that one into the next. Not
    // per chunk: the kernel's read-ahead around a random 4 KiB pread often crosses a chunk
    // boundary, and its second chunk then looked sequential and started a read-ahead nobody used.
    long first = offset / chunkSize;
    long previous = file.lastChunkRead;
    boolean sequential =
        previous == first - 1 || (previous == first && end > (first + 1) * chunkSize);
    while (pos < end) {
      long index = pos / chunkSize;
      file.lastChunkRead = index;
      byte[] chunk = chunk(command, file, dataStart, index);
      if (sequential && index == first) { // once the chunk is had: read-ahead must not take its cursor
        readAhead(file, dataStart, index + 1);
      }
      int from = (int) (pos - index * chunkSize);
      int n = (int) Math.min(chunk.length - from, end - pos);
      sink.write(ByteBuffer.wrap(chunk, from, n));
      pos += n;
      if (from + n == chunk.length && (continues || offset <= index * chunkSize)) {
        // Every byte of it was served: the kernel keeps these pages, as it does a whole entry's
        // (above), so a copy would only take room (a 256 MiB entry read by cat filled the cache).
        // A chunk whose start was not served yet, or that a random reader had, stays.
        cache.dropChunk(file, index);
      }
    }
    // A chunked entry's state is never released: its checkpoints and cursors are keyed by its
    // identity (Checkpoints, CursorPool), and a new state would orphan them.
    return false;
  }

  /** Whether {@code e} (deflated) is inflated whole rather than in chunks. */
  boolean isWhole(CdEntry e) {
    return e.size() <= wholeMax;
  }

  /** Whether {@code e} (deflated, {@link #isWhole}) is in the cache now. */
  boolean hasWhole(CdEntry e) {
    return cache.whole(e.index()) != null;
  }

  /** Drops record {@code record}'s whole entry (inflated ahead of a reader gone elsewhere). */
  void dropWhole(int record) {
    cache.dropWhole(record);
  }

  /** The whole of {@code file} ({@link #isWhole}), from the cache or inflated into it. */
  byte[] loadWhole(FileEntry file, long dataStart) throws IOException {
    try {
      return cache.whole(file, () -> inflateWhole(file, dataStart));
    } catch (ExecutionException | UncheckedExecutionException | ExecutionError e) {
      throw unwrap(e);
    }
  }

  private byte[] chunk(Command command, FileEntry file, long dataStart, long index) throws IOException {
    byte[] chunk = cache.chunk(file, index);
    if (chunk != null) {
      return chunk;
    }
    return command.blocking(() -> load(file, dataStart, index));
  }

  private byte[] load(FileEntry file, long dataStart, long index) throws IOException {
    try {
      return cache.chunk(file, index, () -> inflate(file, dataStart, index, false));
    } catch (ExecutionException | UncheckedExecutionException | ExecutionError e) {
      if (e.getCause() instanceof NoCursorNearby) {
        return load(file, dataStart, index); // waited on a read-ahead that gave up: load it here
      }
      throw unwrap(e);
    }
  }

  private static IOException unwrap(Throwable e) {
    Throwable cause = e.getCause();
    if (cause instanceof IOException io) {
      return io;
    }
    if (cause instanceof RuntimeException r) {
      throw r;
    }
    if (cause instanceof Error err) {
      throw err;
    }
    return new IOException(cause);
  }

  /** Has the next {@link #AHEAD} chunks from {@code first} inflated in the background. */
  private void readAhead(FileEntry file, long dataStart, long first) {
    long last = Math.min(first + AHEAD, (file.entry.size() + chunkSize - 1) / chunkSize);
    if (first >= last || cache.chunk(file, last - 1) != null || file.failure != null) {
      return;
    }
    aheadTasks.incrementAndGet();
    ahead.execute(() -> {
      try {
        for (long k = first; k < last && file.failure == null; k++) {
          long index = k;
          cache.chunk(file, index, () -> inflate(file, dataStart, index, true));
        }
      } catch (ExecutionException | UncheckedExecutionException | ExecutionError e) {
        // No cursor nearby; or the entry is broken, which a reader that gets there hears.
      } finally {
        aheadTasks.decrementAndGet();
      }
    });
  }

  private Cursor newCursor(FileEntry file, long dataStart, Checkpoint from, boolean zlib, long target)
      throws IOException {
    if (log.isDebugEnabled()) {
      log.debug("{}: new {} inflater at {} for a read at {}", file, zlib ? "zlib" : "Java",
          from == null ? 0 : from.outPos(), target);
    }
    return zlib ? new ZlibCursor(file, channel, dataStart, from)
        : new IndexingCursor(file, channel, dataStart, from, checkpoints);
  }

  /** An entry up to {@link #wholeMax} (or a symlink's target), inflated at once. */
  byte[] inflateWhole(FileEntry file, long dataStart) throws IOException {
    String failure = file.failure;
    if (failure != null) {
      throw new IOException(failure);
    }
    try {
      return whole.inflate(file, dataStart);
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      if (file.fail(e.getMessage())) {
        log.warn("{}: {}; every read of it fails", file, e.getMessage());
      }
      throw e;
    }
  }

  /**
   * Inflates chunk {@code index}, caching the chunks passed just before it. Inflating {@code
   * ahead} of a reader only continues a live cursor: it throws {@link NoCursorNearby} rather than
   * start one from a checkpoint or the entry's start. (Called as the cache's loader of the chunk:
   * the cache then shows the chunk only if another cursor put it there on its way.)
   */
  private byte[] inflate(FileEntry file, long dataStart, long index, boolean ahead) throws IOException {
    String failure = file.failure;
    if (failure != null) {
      throw new IOException(failure);
    }
    long size = file.entry.size();
    long target = index * chunkSize;
    Checkpoint start = checkpoints.before(file, target);
    // Where checkpoints exist, zlib restarts from the byte-aligned ones; elsewhere, and beyond
    // the last checkpoint (where it leaves new ones), the Java inflater runs.
    boolean zlib = checkpoints.isIndexed(file, target) && (start == null || start.bit() == 0);
    // Starting a cursor is worth it only to a reader, and only if no other cursor passed the
    // chunk (and cached it) while this one waited.
    Cursor c = cursors.acquire(file, target, start,
        (n, from) -> ahead || cache.chunk(file, index) != null
            ? null : newCursor(n, dataStart, from, zlib, target));
    if (c == null) {
      byte[] passed = cache.chunk(file, index);
      if (passed != null) {
        return passed;
      }
      throw new NoCursorNearby();
    }
    boolean broken = true;
    long startedAt = c.outPos;
    try {
      if (c.outPos % chunkSize != 0) {
        c.skipTo(Math.min(target, (c.outPos / chunkSize + 1) * chunkSize), new byte[chunkSize]);
      }
      byte[] scratch = null;
      while (c.outPos < target) {
        long passed = c.outPos / chunkSize;
        if (target - c.outPos <= keepBehind) {
          byte[] b = new byte[chunkSize];
          c.inflate(b, b.length);
          cache.putChunk(file, passed, b);
        } else {
          scratch = scratch != null ? scratch : new byte[chunkSize];
          c.inflate(scratch, scratch.length);
        }
      }
      byte[] out = new byte[(int) Math.min(chunkSize, size - target)];
      c.inflate(out, out.length);
      broken = false;
      bytesInflated.addAndGet(c.outPos - startedAt);
      return out;
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      // The entry is broken (a bomb, corrupt data, a CRC mismatch): remember why, and never
      // inflate it again.
      if (file.fail(e.getMessage())) {
        log.warn("{}: {}; every read of it fails", file, e.getMessage());
      }
      cursors.forget(file);
      checkpoints.forget(file);
      throw e;
    } finally {
      cursors.release(c, broken);
    }
  }

  /** Inflating ahead found no live cursor to continue. */
  private static final class NoCursorNearby extends IOException {
    NoCursorNearby() {
      super("no inflater near");
    }
  }

  /** Bytes held by checkpoint windows (for tests). */
  long checkpointBytes() {
    return checkpoints.bytesUsed();
  }

  /** The least distance between restart points now (for tests). */
  long checkpointSpacing() {
    return checkpoints.spacing();
  }

  /** The cache (for tests and diagnostics). */
  EntryCache cache() {
    return cache;
  }

  /** Bytes the cursors have inflated, over all entries (for tests). */
  long bytesInflated() {
    return bytesInflated.get();
  }

  /** Whether nothing is inflated ahead of a sequential reader now (for tests). */
  boolean readAheadQuiet() {
    return aheadTasks.get() == 0;
  }

  /** Live cursors (for tests). */
  int liveCursors() {
    return cursors.size();
  }

  void close() {
    ahead.shutdownNow();
    cursors.close();
    whole.close();
    cache.clear();
  }
}
