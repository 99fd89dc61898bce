package dev.holofs.vfs;

import dev.holofs.spi.PlaceholderVersion;
import dev.holofs.spi.Printable;
import dev.holofs.spi.ProjectedPath;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files held open on the sftp server, one handle per file shared by every reader of it (an SFTP
 * READ names its offset, so readers need no handle of their own). A handle is reused only by reads
 * of the version it was opened at. Bounded; the least recently used is closed first, once no read
 * is using it. A handle no read has used for {@link #IDLE} is closed too, and what was read ahead
 * for it given back: a reader that stopped before the end ({@code head}, a scan that found what it
 * wanted) must not hold a handle on the server or a share of the read-ahead budget for good.
 */
final class OpenFiles implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OpenFiles.class);
  private static final int MAX_OPEN = 64;
  /** How long a handle stays open with no read using it. */
  static final Duration IDLE = Duration.ofSeconds(5);

  /** An open handle: the channel it belongs to and the file's size and version when opened. */
  static final class OpenFile {
    final SftpLane lane;
    final SftpChannel channel;
    final byte[] handle;
    final PlaceholderVersion version;
    final long size;
    private int users = 1;
    private boolean retired;
    /** When (System.nanoTime) the last read released it. */
    private long lastUsed = System.nanoTime();
    /** When (System.nanoTime) its version was last found unchanged on the server. */
    private volatile long checkedAt = System.nanoTime();
    /** Where the last read ended, to tell a sequential reader. */
    private long lastEnd = -1;
    /** READs sent ahead of a sequential reader, in file order. */
    private final ArrayDeque<ReadAhead> ahead = new ArrayDeque<>();

    OpenFile(SftpLane lane, SftpChannel channel, byte[] handle, PlaceholderVersion version, long size) {
      this.lane = lane;
      this.channel = channel;
      this.handle = handle;
      this.version = version;
      this.size = size;
    }

    /** When (System.nanoTime) its version was last found unchanged: at its opening, or since. */
    long checkedAt() {
      return checkedAt;
    }

    /** Its version was found unchanged at {@code when} (System.nanoTime). */
    void checked(long when) {
      checkedAt = when;
    }
  }

  /** READs sent for {@code [offset, offset + length)} before anyone asked. */
  record ReadAhead(long offset, int length, List<Piece> pieces) {}

  /** One READ of a range: {@code length} bytes at {@code at} into the range. */
  record Piece(int at, int length, CompletableFuture<SftpChannel.Reply> reply) {}

  /** Bytes all open files may have read ahead at once. */
  private static final long AHEAD_BUDGET = 16L << 20;
  /** Reads of a sequential reader's size kept on their way ahead of it. */
  private static final int AHEAD_DEPTH = 4;
  private final AtomicLong aheadBytes = new AtomicLong();
  private final Duration idle;
  private final ScheduledExecutorService sweeper;
  /** Whether a failed sweep was logged: once is enough, the next sweeps go on. */
  private volatile boolean sweepFailureLogged;

  /** {@code idle}: how long an unused handle stays open ({@link #IDLE}; tests make it short). */
  OpenFiles(Duration idle) {
    this.idle = idle;
    this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "holofs-sftp-idle");
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(1, idle.toMillis() / 2);
    sweeper.scheduleWithFixedDelay(this::closeIdle, every, every, TimeUnit.MILLISECONDS);
  }

  /** Bytes read ahead and not yet taken by a reader, over all open files. */
  long aheadBytes() {
    return aheadBytes.get();
  }

  /**
   * The READs sent ahead for exactly {@code [offset, offset + length)} of {@code file}, or null; if
   * the next ones sent ahead are not those, all are dropped (the reader went elsewhere).
   */
  ReadAhead takeAhead(OpenFile file, long offset, int length) {
    synchronized (file) {
      ReadAhead next = file.ahead.peekFirst();
      if (next != null && next.offset() == offset && next.length() == length) {
        file.ahead.removeFirst();
        aheadBytes.addAndGet(-length);
        return next;
      }
      dropAhead(file);
      return null;
    }
  }

  /**
   * Records that a read of {@code file} ended at {@code end}; if it started where the last one
   * ended (a sequential reader), returns the ranges ({offset, length}) to read ahead so that up
   * to {@link #AHEAD_DEPTH} reads of its size are on their way, reserved from the budget. The
   * caller sends their READs and hands each to {@link #putAhead}, in order.
   */
  List<long[]> aheadAfter(OpenFile file, long offset, long end, int length) {
    List<long[]> ranges = new ArrayList<>();
    synchronized (file) {
      boolean sequential = file.lastEnd == offset && offset > 0;
      file.lastEnd = end;
      if (!sequential || file.retired || length <= 0) {
        return ranges;
      }
      ReadAhead last = file.ahead.peekLast();
      long next = last == null ? end : last.offset() + last.length();
      while (file.ahead.size() + ranges.size() < AHEAD_DEPTH && next < file.size) {
        int n = (int) Math.min(length, file.size - next);
        if (aheadBytes.addAndGet(n) > AHEAD_BUDGET) {
          aheadBytes.addAndGet(-n);
          break;
        }
        ranges.add(new long[] {next, n});
        next += n;
      }
    }
    return ranges;
  }

  /** Keeps READs sent ahead for a later read of {@code file}. */
  void putAhead(OpenFile file, ReadAhead ahead) {
    synchronized (file) {
      ReadAhead last = file.ahead.peekLast();
      if (!file.retired && (last == null || last.offset() + last.length() == ahead.offset())) {
        file.ahead.addLast(ahead);
        return;
      }
    }
    aheadBytes.addAndGet(-ahead.length());
  }

  private void dropAhead(OpenFile file) {
    for (ReadAhead a : file.ahead) {
      aheadBytes.addAndGet(-a.length());
    }
    file.ahead.clear();
  }

  private final Map<ProjectedPath, OpenFile> open = new LinkedHashMap<>(16, 0.75f, true);

  /** The open handle of {@code path} for a read of {@code version}, or null (then open one). */
  OpenFile acquire(ProjectedPath path, PlaceholderVersion version) {
    List<OpenFile> toClose = new ArrayList<>(1);
    OpenFile found;
    synchronized (this) {
      found = open.get(path);
      if (found != null && (!found.channel.isOpen()
          || !version.equals(PlaceholderVersion.NONE) && !version.equals(found.version))) {
        retire(path, found, toClose); // another version, or its connection is gone
        found = null;
      }
      if (found != null) {
        found.users++;
      }
    }
    closeAll(toClose);
    return found;
  }

  /** Shares {@code file}, just opened by a read that holds it, with later reads of {@code path}. */
  void add(ProjectedPath path, OpenFile file) {
    List<OpenFile> toClose = new ArrayList<>(1);
    synchronized (this) {
      OpenFile old = open.get(path);
      if (old != null) {
        retire(path, old, toClose);
      }
      open.put(path, file);
      List<Map.Entry<ProjectedPath, OpenFile>> evicted = new ArrayList<>();
      for (Iterator<Map.Entry<ProjectedPath, OpenFile>> it = open.entrySet().iterator();
          open.size() - evicted.size() > MAX_OPEN && it.hasNext(); ) {
        evicted.add(it.next());
      }
      for (Map.Entry<ProjectedPath, OpenFile> e : evicted) {
        retire(e.getKey(), e.getValue(), toClose);
      }
    }
    closeAll(toClose);
  }

  /** A read is done with {@code file}. */
  void release(OpenFile file) {
    boolean close;
    synchronized (this) {
      close = --file.users == 0 && file.retired;
      file.lastUsed = System.nanoTime();
    }
    if (close) {
      closeAll(List.of(file));
    }
  }

  /** {@code file} is not to be reused (read to its end, changed, broken): closed once released. */
  void retire(ProjectedPath path, OpenFile file) {
    List<OpenFile> toClose = new ArrayList<>(1);
    synchronized (this) {
      retire(path, file, toClose);
    }
    closeAll(toClose);
  }

  /**
   * Closes the handles no read has used for the idle time. Never throws: an exception would end
   * the sweeps for good, and with them the giving back of handles and read-ahead budget.
   */
  private void closeIdle() {
    try {
      closeIdleOnce();
    } catch (RuntimeException e) {
      if (!sweepFailureLogged) {
        sweepFailureLogged = true;
        log.warn("closing idle sftp handles failed (logged once; the sweeps go on): {}",
            Printable.of(String.valueOf(e)));
      }
    }
  }

  private void closeIdleOnce() {
    List<OpenFile> toClose = new ArrayList<>();
    synchronized (this) {
      long now = System.nanoTime();
      for (Map.Entry<ProjectedPath, OpenFile> e : List.copyOf(open.entrySet())) {
        OpenFile file = e.getValue();
        if (file.users == 0 && now - file.lastUsed >= idle.toNanos()) {
          retire(e.getKey(), file, toClose);
        }
      }
    }
    closeAll(toClose);
  }

  /** Closes every handle no read is using; the others close when released. */
  @Override
  public void close() {
    sweeper.shutdownNow();
    List<OpenFile> toClose = new ArrayList<>();
    synchronized (this) {
      for (Map.Entry<ProjectedPath, OpenFile> e : List.copyOf(open.entrySet())) {
        retire(e.getKey(), e.getValue(), toClose);
      }
    }
    closeAll(toClose);
  }

  private void retire(ProjectedPath path, OpenFile file, List<OpenFile> toClose) {
    open.remove(path, file);
    boolean wasRetired;
    synchronized (file) {
      // Retired under the file's lock, before its reads ahead are dropped: a putAhead after the
      // drop sees it and gives the bytes back instead of keeping them (out of the budget for good).
      wasRetired = file.retired;
      file.retired = true;
      dropAhead(file);
    }
    if (!wasRetired && file.users == 0) {
      toClose.add(file);
    }
  }

  /** Closes handles on the server without waiting for the answer (nothing is done with it). */
  private static void closeAll(List<OpenFile> files) {
    for (OpenFile f : files) {
      f.channel.send(SftpChannel.CLOSE, new SftpChannel.Body().string(f.handle));
    }
  }
}
