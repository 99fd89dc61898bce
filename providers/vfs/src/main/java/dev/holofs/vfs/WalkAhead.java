package dev.holofs.vfs;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.PlaceholderVersion;
import dev.holofs.spi.ProjectedPath;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Read-ahead for programs that walk a tree ({@code find}, {@code cp -r}, {@code tar}, {@code grep
 * -r}): they list a directory's subdirectories, and read its files, one after another in listing
 * order, each a round trip or two the walker waits for. Once a walk is seen (a subdirectory listed;
 * a file read from its start after an earlier sibling), the next few subdirectories are listed,
 * or the next few small files fetched, in the background, all requests in flight at once. What
 * is fetched is trusted as a listing is (the metadata timeout) and a file's bytes are served only
 * to a read of the version they were fetched at. Bounded: a few threads, a short queue (further
 * work is dropped, not queued), a byte budget for file contents.
 */
final class WalkAhead implements AutoCloseable {

  /** How many siblings after the one being walked are fetched ahead. */
  private static final int AHEAD = 16;
  /** Files larger than this are not fetched ahead (sequential read-ahead serves them). */
  private static final long SMALL_FILE = 256 * 1024;
  private static final long BYTE_BUDGET = 16L << 20;
  /** How long a reader waits for a file the read-ahead is fetching before it fetches it itself. */
  private static final Duration FETCH_WAIT = Duration.ofSeconds(30);

  /** Fetches on behalf of the read-ahead. */
  interface Source {
    /** The listing of {@code dir}, through the metadata cache. */
    Listing listing(ProjectedPath dir) throws Exception;

    /** The listing of {@code dir} if one is trusted now, else null. */
    Listing cachedListing(ProjectedPath dir);

    /**
     * The whole of file {@code path} if it is still at {@code version} (else fails) and at most
     * {@code maxSize} bytes (else null): its version and bytes.
     */
    SftpSource.Fetched fetch(ProjectedPath path, PlaceholderVersion version, long maxSize)
        throws Exception;
  }

  private final Source source;
  private final ThreadPoolExecutor pool;
  private final Set<ProjectedPath> queued = ConcurrentHashMap.newKeySet();
  private final Map<ProjectedPath, FileFetch> fetches = new ConcurrentHashMap<>();
  private final Map<ProjectedPath, Integer> lastFileRead = new ConcurrentHashMap<>();
  private final Cache<ProjectedPath, SftpSource.Fetched> files;

  WalkAhead(Source source, Duration trusted) {
    this.source = source;
    this.pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4 * AHEAD),
        r -> {
          Thread t = new Thread(r, "holofs-sftp-ahead");
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    this.pool.allowCoreThreadTimeOut(true);
    this.files = CacheBuilder.newBuilder()
        .maximumWeight(BYTE_BUDGET)
        .<ProjectedPath, SftpSource.Fetched>weigher((p, f) -> f.bytes().length + 64)
        .expireAfterWrite(trusted) // made only with a metadata timeout (VfsProvider)
        .build();
  }

  /** Directory {@code dir} is being listed: list its next siblings ahead. */
  void listing(ProjectedPath dir) {
    if (dir.isRoot()) {
      return;
    }
    Listing parent = source.cachedListing(dir.parent());
    if (parent == null) {
      return;
    }
    int at = parent.indexAfter(dir.name());
    for (int i = at, n = 0; i < parent.size() && n < AHEAD; i++) {
      if (!parent.info(i).isDirectory()) {
        continue;
      }
      n++;
      ProjectedPath sibling = dir.parent().resolve(parent.name(i));
      if (source.cachedListing(sibling) == null) {
        submit(sibling, () -> source.listing(sibling), () -> { });
      }
    }
  }

  /**
   * The bytes {@code [offset, offset + length)} of {@code path} if they were fetched ahead at
   * {@code version}, else null; a read from the start of a file may start fetching its siblings.
   */
  byte[] read(ProjectedPath path, PlaceholderVersion version, long offset, int length)
      throws InterruptedException {
    if (offset == 0 && !path.isRoot()) {
      walkFiles(path);
    }
    // fetches before files: a fetch is put in files before it leaves fetches, so a fetch that
    // completes between the two looks is found in one of them (else the file is opened again).
    FileFetch fetching = fetches.get(path);
    SftpSource.Fetched f = fetching == null ? files.getIfPresent(path) : null;
    if (fetching != null) {
      if (fetching.claimed.compareAndSet(false, true)) {
        // Not started yet: the reader fetches it itself, the read-ahead skips it. Gone from
        // fetches and answered "not fetched", so no other read of the file waits FETCH_WAIT for it.
        fetches.remove(path, fetching);
        fetching.result.complete(null);
        return null;
      }
      try {
        f = fetching.result.get(FETCH_WAIT.toMillis(), TimeUnit.MILLISECONDS); // on its way
      } catch (ExecutionException | TimeoutException e) {
        return null;
      }
    }
    if (f == null || !f.version().equals(version) || version.equals(PlaceholderVersion.NONE)) {
      return null;
    }
    int from = (int) Math.min(offset, f.bytes().length);
    int to = (int) Math.min(f.bytes().length, from + (long) length);
    if (to == f.bytes().length) {
      files.invalidate(path); // read to the end: the kernel keeps the pages now
    }
    return Arrays.copyOfRange(f.bytes(), from, to);
  }

  private void walkFiles(ProjectedPath path) {
    ProjectedPath dir = path.parent();
    Listing parent = source.cachedListing(dir);
    if (parent == null) {
      return;
    }
    int at = parent.indexAfter(path.name()); // just after path
    Integer last = lastFileRead.put(dir, at);
    if (lastFileRead.size() > 1024) {
      lastFileRead.clear();
      lastFileRead.put(dir, at);
    }
    if (last == null || last >= at || at - last > AHEAD) {
      return; // not (yet) a walk through this directory's files
    }
    for (int i = at, n = 0; i < parent.size() && n < AHEAD; i++) {
      PlaceholderInfo info = parent.info(i);
      if (!info.isFile() || info.size() > SMALL_FILE) {
        continue;
      }
      n++;
      ProjectedPath sibling = dir.resolve(parent.name(i));
      FileFetch fetch = new FileFetch();
      if (fetches.putIfAbsent(sibling, fetch) != null) {
        continue; // on its way already
      }
      // Looked at after the fetch is registered: one that completed before is in files by now.
      SftpSource.Fetched have = files.getIfPresent(sibling);
      if (have != null) {
        if (fetch.claimed.compareAndSet(false, true)) {
          fetch.result.complete(have); // a reader that found this entry meanwhile gets that copy
        }
        fetches.remove(sibling, fetch);
      } else {
        submit(sibling, () -> {
          try {
            if (fetch.claimed.compareAndSet(false, true)) {
              SftpSource.Fetched fetched = source.fetch(sibling, info.version(), SMALL_FILE);
              if (fetched != null) {
                files.put(sibling, fetched);
              }
              fetch.result.complete(fetched);
            } else {
              fetch.result.complete(null); // the reader claimed it: not fetched here
            }
          } catch (Exception | LinkageError e) {
            fetch.result.completeExceptionally(e);
          } finally {
            // Whatever happened (an Error too), a reader waiting for this fetch is answered now;
            // a no-op if it was answered above.
            fetch.result.complete(null);
            fetches.remove(sibling, fetch);
          }
        }, () -> {
          fetches.remove(sibling, fetch);
          fetch.result.complete(null); // dropped: a reader that found it must not wait for it
        });
      }
    }
  }

  private interface Work {
    void run() throws Exception;
  }

  /** Queues {@code work} unless it is queued already; {@code dropped} runs if the queue is full. */
  private void submit(ProjectedPath path, Work work, Runnable dropped) {
    if (!queued.add(path)) {
      dropped.run(); // the earlier work is ending: this one is dropped, its fetch answered
      return;
    }
    try {
      pool.execute(() -> {
        try {
          work.run();
        } catch (Exception | LinkageError e) {
          // read-ahead only: the walker's own request will meet (and report) the failure
        } finally {
          queued.remove(path);
        }
      });
    } catch (RejectedExecutionException full) {
      queued.remove(path); // enough queued already: dropped, may be asked for again
      dropped.run();
    }
  }

  /** A file being fetched ahead: whoever claims it first (the read-ahead or the reader) fetches it. */
  private static final class FileFetch {
    final AtomicBoolean claimed = new AtomicBoolean();
    final CompletableFuture<SftpSource.Fetched> result = new CompletableFuture<>();
  }

  @Override
  public void close() {
    pool.shutdownNow();
    files.invalidateAll();
  }
}
