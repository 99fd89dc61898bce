package dev.holofs.testkit;

import dev.holofs.engine.Call;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An open directory: one enumeration session, from OPENDIR to RELEASEDIR ({@link #close()}).
 * Each {@link #readdir} is one READDIR (GET_DIRECTORY_ENUMERATION) into a buffer of a given number
 * of entries; an empty answer is the end of the listing.
 */
public final class DirectoryHandle implements AutoCloseable {

  private final Driver driver;
  private final ProjectedPath path;
  private final long sessionId;
  private volatile boolean closed;

  DirectoryHandle(Driver driver, ProjectedPath path, long sessionId) {
    this.driver = driver;
    this.path = path;
    this.sessionId = sessionId;
  }

  /** The directory this handle lists. */
  public ProjectedPath path() {
    return path;
  }

  /** The engine's session id. */
  public long sessionId() {
    return sessionId;
  }

  /** One READDIR of at most {@code maxEntries}, waited for; empty at the end of the listing. */
  public List<Entry> readdir(int maxEntries) throws IOException {
    return readdir(maxEntries, null, false);
  }

  /**
   * One READDIR, waited for. {@code searchExpression} counts only on the session's first readdir
   * and on a restart (as in ProjFS); {@code restartScan} starts the listing over (rewinddir).
   */
  public List<Entry> readdir(int maxEntries, String searchExpression, boolean restartScan)
      throws IOException {
    PendingReaddir pending = startReaddir(maxEntries, searchExpression, restartScan);
    Await.answer(pending.result(), driver.timeout());
    List<Entry> entries = pending.entries();
    for (Entry e : entries) {
      driver.remember(path.resolve(e.name()), e.info()); // as READDIRPLUS makes inodes
    }
    return entries;
  }

  /** Sends one READDIR without waiting; cancel it to interrupt it. */
  public PendingReaddir startReaddir(int maxEntries, String searchExpression, boolean restartScan) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("a buffer holds at least one entry");
    }
    PendingReaddir pending = new PendingReaddir(maxEntries);
    pending.call = driver.getEnumeration(sessionId, searchExpression, restartScan, pending);
    return pending;
  }

  /** Reads until the end of the listing through buffers of {@code bufferEntries}. */
  public List<Entry> readAll(String searchExpression, int bufferEntries) throws IOException {
    List<Entry> all = new ArrayList<>();
    boolean first = true;
    while (true) {
      List<Entry> batch = readdir(bufferEntries, first ? searchExpression : null, false);
      first = false;
      if (batch.isEmpty()) {
        return all;
      }
      all.addAll(batch);
    }
  }

  /** RELEASEDIR: ends the session (the provider hears endEnumeration once). Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      driver.releasedir(sessionId);
    }
  }

  /** One READDIR in flight: its entry buffer and its answer. */
  public static final class PendingReaddir implements EntrySink {
    private final int capacity;
    private final List<Entry> entries = new ArrayList<>();
    private volatile Call<Void> call;

    PendingReaddir(int capacity) {
      this.capacity = capacity;
    }

    /** Completes when the READDIR is answered; exceptionally if it failed or was interrupted. */
    public CompletableFuture<Void> result() {
      return call.result();
    }

    /** INTERRUPT: cancels the READDIR if it has not been answered. @return whether this cancelled it */
    public boolean cancel() {
      return call.cancel();
    }

    /** The entries the buffer received (all of them once {@link #result()} is done). */
    public synchronized List<Entry> entries() {
      return Collections.unmodifiableList(new ArrayList<>(entries));
    }

    @Override
    public synchronized boolean add(String name, PlaceholderInfo info) {
      if (entries.size() >= capacity) {
        return false;
      }
      entries.add(new Entry(name, info));
      return true;
    }
  }
}
