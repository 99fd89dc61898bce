package dev.holofs.examples.asyncenum;

import dev.holofs.examples.asyncenum.EnumSession.EnumEntry;
import dev.holofs.spi.Command;
import dev.holofs.spi.DataSink;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.EnumerationRequest;
import dev.holofs.spi.EnumerationSession;
import dev.holofs.spi.FileNames;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.spi.Provider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ProjFS sample "Asynchronous Callback Handling" in Java: directory enumeration answered
 * asynchronously on a worker thread.
 *
 * <ul>
 *   <li>{@link #enumerate} copies what the worker needs out of the request, tracks the command id
 *       for cancellation, hands the work to the provider's executor, and returns
 *       {@link Command#defer} — ProjFS's {@code ERROR_IO_PENDING}.
 *   <li>The worker checks whether the command was cancelled, captures the search expression on
 *       the first call or a restart, fills the buffer from where the last call stopped, remembers
 *       the entry that did not fit, and completes the command — {@code PrjCompleteCommand}.
 *   <li>{@link #cancel} marks a tracked command cancelled; an unknown id is not an error.
 *   <li>Session state is torn down in {@link #endEnumeration}, which holofs calls once for every
 *       started session, cancelled or not.
 * </ul>
 *
 * Items and file bytes come from a tree of files given at construction (directories implied by
 * the paths); placeholders and data are answered synchronously.
 */
public final class AsyncEnumerationProvider implements Provider, AutoCloseable {

  private final Map<ProjectedPath, PlaceholderInfo> items = new ConcurrentHashMap<>();
  private final Map<ProjectedPath, byte[]> contents = new ConcurrentHashMap<>();
  private final Map<ProjectedPath, List<EnumEntry>> children = new ConcurrentHashMap<>();
  private final Map<Long, EnumSession> sessions = new ConcurrentHashMap<>();
  /** Enumeration commands not yet completed, and whether each was cancelled. */
  private final Map<Long, AtomicBoolean> pending = new ConcurrentHashMap<>();
  private final ExecutorService worker;
  private final AtomicInteger cancelsSeen = new AtomicInteger();

  /**
   * A provider projecting {@code files} (path → bytes; parent directories implied).
   */
  public AsyncEnumerationProvider(Map<String, byte[]> files) {
    AtomicInteger n = new AtomicInteger();
    this.worker = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "asyncenum-worker-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    items.put(ProjectedPath.ROOT, PlaceholderInfo.directory().build());
    Map<ProjectedPath, Map<String, PlaceholderInfo>> tree = new TreeMap<>();
    tree.put(ProjectedPath.ROOT, new TreeMap<>());
    files.forEach((path, bytes) -> {
      ProjectedPath p = ProjectedPath.of(path);
      PlaceholderInfo info = PlaceholderInfo.file(bytes.length).build();
      items.put(p, info);
      contents.put(p, bytes.clone());
      for (; !p.isRoot(); p = p.parent()) {
        tree.computeIfAbsent(p.parent(), k -> new TreeMap<>()).put(p.name(), items.get(p));
        if (!items.containsKey(p.parent())) {
          items.put(p.parent(), PlaceholderInfo.directory().build());
          tree.computeIfAbsent(p.parent(), k -> new TreeMap<>());
        }
      }
    });
    tree.forEach((dir, entries) -> {
      List<EnumEntry> list = new ArrayList<>();
      entries.forEach((name, info) -> list.add(new EnumEntry(name, info)));
      children.put(dir, List.copyOf(list));
    });
  }

  /** How many cancels of tracked commands this provider received (for tests and curiosity). */
  public int cancelsSeen() {
    return cancelsSeen.get();
  }

  /** Enumeration commands handed to the worker and not yet completed. */
  public int pendingCommands() {
    return pending.size();
  }

  /** The worker threads (tests occupy them to keep a command pending). */
  ExecutorService worker() {
    return worker;
  }

  /** Sessions started and not yet ended. */
  public int openSessions() {
    return sessions.size();
  }

  // ---- START / END_DIRECTORY_ENUMERATION -------------------------------------------------------

  @Override
  public void startEnumeration(EnumerationSession session) throws IOException {
    // The seed's start callback lists the backing store once per session.
    List<EnumEntry> entries = children.get(session.directory());
    if (entries == null) {
      if (items.containsKey(session.directory())) {
        throw new NotDirectoryException(session.directory().toString());
      }
      throw new NoSuchFileException(session.directory().toString());
    }
    sessions.put(session.id(), new EnumSession(entries));
  }

  @Override
  public void endEnumeration(EnumerationSession session) {
    sessions.remove(session.id());
  }

  // ---- GET_DIRECTORY_ENUMERATION: MyGetEnumCallback ---------------------------------------------

  @Override
  public void enumerate(EnumerationRequest request, EntrySink sink) {
    // The worker may use the request only through what is copied here (the seed's MY_ENUM_PARAMS).
    long commandId = request.command().id();
    long sessionId = request.session().id();
    String searchExpression = request.searchExpression() == null ? "*" : request.searchExpression();
    boolean restartScan = request.isRestartScan();
    String resumeAfter = request.resumeAfter();
    var collation = request.collation();

    // MyTrackEnumForCancellation.
    AtomicBoolean cancelled = new AtomicBoolean();
    pending.put(commandId, cancelled);
    CompletableFuture<Void> completion = new CompletableFuture<>();
    try {
      worker.execute(() -> {
        try {
          getEnumWorker(cancelled, sessionId, searchExpression, restartScan, resumeAfter,
              collation, sink);
          completion.complete(null); // PrjCompleteCommand(S_OK)
        } catch (RuntimeException e) {
          completion.completeExceptionally(e); // PrjCompleteCommand(hr)
        } finally {
          pending.remove(commandId); // MyUntrackEnumForCancellation
        }
      });
    } catch (RuntimeException e) {
      pending.remove(commandId); // rollback: could not start the worker
      throw e;
    }
    request.command().defer(completion); // HRESULT_FROM_WIN32(ERROR_IO_PENDING)
  }

  // ---- MyGetEnumCallbackWorker -----------------------------------------------------------------

  private void getEnumWorker(AtomicBoolean cancelled, long sessionId, String searchExpression,
      boolean restartScan, String resumeAfter, dev.holofs.spi.Collation collation, EntrySink sink) {
    if (cancelled.get()) {
      return; // MyCheckEnumForCancellation: cancelled; holofs has already answered the command
    }
    EnumSession session = sessions.get(sessionId);
    if (session == null) {
      throw new IllegalArgumentException("no enumeration session " + sessionId); // INVALID_PARAMETER
    }
    if (!session.searchExpressionCaptured || restartScan) {
      session.searchExpression = searchExpression;
      session.searchExpressionCaptured = true;
    }
    EnumEntry[] entries = session.entries(collation);
    int start;
    if (restartScan || (session.lastEnumEntry < 0 && !session.enumCompleted)) {
      // A new listing, or the caller asked to restart: forget the bookmark.
      session.lastEnumEntry = -1;
      session.enumCompleted = false;
      start = 0;
    } else if (!sameName(resumeAfter, session.lastDelivered, collation)) {
      // Unlike the seed: holofs says where the last *delivered* buffer ended. If the call that set
      // our bookmark was interrupted, its buffer was discarded: resume where holofs says.
      session.enumCompleted = false;
      start = resumeAfter == null ? 0 : session.indexAfter(resumeAfter, collation);
    } else if (session.enumCompleted) {
      return; // everything was returned: an empty buffer ends the listing
    } else {
      start = session.lastEnumEntry; // the entry that did not fit last time
    }
    String last = resumeAfter; // null on a first call or a restart
    for (int i = start; i < entries.length; i++) {
      if (cancelled.get()) {
        return; // the bookmark is left as it was
      }
      EnumEntry entry = entries[i];
      if (FileNames.matches(entry.name(), session.searchExpression)) {
        if (!sink.add(entry.name(), entry.info())) {
          session.lastEnumEntry = i; // did not fit: resume here next time
          session.lastDelivered = last;
          return;
        }
        last = entry.name();
      }
    }
    session.lastEnumEntry = -1;
    session.enumCompleted = true;
    session.lastDelivered = last;
  }

  private static boolean sameName(String a, String b, dev.holofs.spi.Collation collation) {
    return a == null ? b == null : b != null && collation.compare(a, b) == 0;
  }

  // ---- CANCEL_COMMAND: MyCancelCommandCallback -------------------------------------------------

  @Override
  public void cancel(long commandId) {
    // MyMarkEnumForCancellation: an unknown id (not yet tracked, or already done) is not an error.
    AtomicBoolean cancelled = pending.get(commandId);
    if (cancelled != null) {
      cancelled.set(true);
      cancelsSeen.incrementAndGet();
    }
  }

  // ---- placeholders and data: synchronous -----------------------------------------------------

  @Override
  public PlaceholderInfo getPlaceholder(Command command, ProjectedPath path) {
    return items.get(path);
  }

  @Override
  public void getFileData(Command command, ProjectedPath path, long offset, int length,
      DataSink sink) throws IOException {
    byte[] bytes = contents.get(path);
    if (bytes == null) {
      throw new NoSuchFileException(path.toString());
    }
    int from = (int) Math.min(offset, bytes.length);
    sink.write(ByteBuffer.wrap(bytes, from, Math.min(length, bytes.length - from)));
  }

  /** Stops the worker threads. */
  @Override
  public void close() {
    worker.shutdownNow();
  }
}
