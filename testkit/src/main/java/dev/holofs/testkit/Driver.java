package dev.holofs.testkit;

import dev.holofs.Projection;
import dev.holofs.ProjectionStats;
import dev.holofs.engine.Call;
import dev.holofs.engine.Engine;
import dev.holofs.spi.Collation;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.PlaceholderVersion;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.spi.Provider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a provider with no kernel: feeds an {@link Engine} the request stream a kernel would
 * (LOOKUP, OPENDIR / READDIR with small buffers / RELEASEDIR, READ at offsets, INTERRUPT) so a
 * provider, or the engine itself, can be tested and measured without mounting anything.
 *
 * <pre>{@code
 * try (Driver driver = Driver.of(new MemoryProvider().file("a/b.txt", bytes))) {
 *   assertThat(driver.list("a")).extracting(Entry::name).containsExactly("b.txt");
 *   assertThat(driver.readAll("a/b.txt")).isEqualTo(bytes);
 * }
 * }</pre>
 *
 * <p>Like an adapter, the driver remembers the version each item's placeholder was given and hands
 * it back on reads. Blocking helpers wait up to {@link #timeout()} and throw the provider's own
 * exception ({@link NoSuchFileException} for a missing item); the {@code start...} methods return
 * a {@link Pending} request (or a {@link Read}) so a test can interrupt it at any moment.
 * Thread-safe.
 */
public final class Driver implements AutoCloseable {

  /** How many entries a readdir buffer holds unless told otherwise: a FUSE page holds about 100. */
  public static final int DEFAULT_BUFFER_ENTRIES = 100;

  /** How many bytes {@link #readAll} asks for at a time: FUSE's usual 128 KiB. */
  public static final int READ_SIZE = 128 * 1024;

  private final Engine engine;
  private final Duration timeout;
  private final int processId;
  private final Map<ProjectedPath, PlaceholderVersion> versions = new ConcurrentHashMap<>();

  private Driver(Engine engine, Duration timeout, int processId) {
    this.engine = engine;
    this.timeout = timeout;
    this.processId = processId;
  }

  /** A driver over a new engine for {@code provider}: ConcurrentThreadCount 2, PoolThreadCount 4, byte order. */
  public static Driver of(Provider provider) {
    return of(provider, 2, 4, Collation.BYTE_ORDER);
  }

  /** A driver over a new engine with these pool sizes (resolved, non-zero) and collation. */
  public static Driver of(Provider provider, int concurrentThreadCount, int poolThreadCount,
      Collation collation) {
    return new Driver(new Engine(provider, concurrentThreadCount, poolThreadCount, collation),
        Duration.ofSeconds(30), 4242);
  }

  /** A driver over a new engine with {@code projection}'s provider, pool sizes and collation. */
  public static Driver of(Projection projection) {
    return new Driver(new Engine(projection), Duration.ofSeconds(30), 4242);
  }

  /** The same engine, waiting at most {@code timeout} for each answer. */
  public Driver withTimeout(Duration timeout) {
    Driver d = new Driver(engine, timeout, processId);
    d.versions.putAll(versions);
    return d;
  }

  /** How many commands have not been answered. */
  public int liveCommands() {
    return engine.liveCommands();
  }

  /** How many enumeration sessions (open directory handles) have not ended. */
  public int liveSessions() {
    return engine.liveSessions();
  }

  /** What the provider's callbacks have done so far: counts, errors, cancellations, latencies. */
  public ProjectionStats stats() {
    return engine.stats();
  }

  /** How long blocking helpers wait for each answer: 30 seconds unless set by {@link #withTimeout}. */
  public Duration timeout() {
    return timeout;
  }

  /** The order the engine gives listings in. */
  public Collation collation() {
    return engine.collation();
  }

  // ---- single requests, as a kernel sends them -------------------------------------------------

  /** Sends one LOOKUP (GET_PLACEHOLDER_INFO) for {@code path}; the answer is null if it does not exist. */
  public Pending<PlaceholderInfo> startLookup(ProjectedPath path) {
    Call<PlaceholderInfo> call = engine.getPlaceholder(path, processId);
    call.result().thenAccept(info -> remember(path, info));
    return new Pending<>(call);
  }

  /** Sends one READ of {@code length} bytes at {@code offset}; {@link Read#bytes()} holds the reply. */
  public Read startRead(ProjectedPath path, long offset, int length) {
    Read read = new Read(offset, length);
    read.call = engine.getFileData(path, offset, length, read, processId,
        versions.getOrDefault(path, PlaceholderVersion.NONE));
    return read;
  }

  /**
   * Sends OPENDIR (START_DIRECTORY_ENUMERATION); its answer is the session id, to be released with
   * {@link #releasedir}. {@link #opendir} wraps both in a {@link DirectoryHandle}.
   */
  public Pending<Long> startOpendir(ProjectedPath directory) {
    return new Pending<>(engine.startEnumeration(directory, processId));
  }

  /** Sends RELEASEDIR (END_DIRECTORY_ENUMERATION): the provider hears endEnumeration once. */
  public void releasedir(long sessionId) {
    engine.endEnumeration(sessionId);
  }

  Call<Void> getEnumeration(long sessionId, String searchExpression, boolean restartScan,
      EntrySink buffer) {
    return engine.getEnumeration(sessionId, searchExpression, restartScan, buffer, 0);
  }

  /** Sends INTERRUPT for a command id. @return whether a live command was cancelled */
  public boolean interrupt(long commandId) {
    return engine.cancel(commandId);
  }

  // ---- blocking helpers --------------------------------------------------------------------------

  /** One LOOKUP of {@code path}, waited for. @return the info, or null if the item does not exist */
  public PlaceholderInfo lookup(String path) throws IOException {
    return lookup(ProjectedPath.of(path));
  }

  /** One LOOKUP of {@code path}, waited for. @return the info, or null if the item does not exist */
  public PlaceholderInfo lookup(ProjectedPath path) throws IOException {
    if (path.isRoot()) {
      return PlaceholderInfo.directory().build(); // the kernel never looks the root up
    }
    return Await.answer(startLookup(path).result(), timeout);
  }

  /**
   * What {@code stat(2)} of an uncached path costs: a LOOKUP of every component from the root down.
   *
   * @throws NoSuchFileException if a component does not exist
   * @throws NotDirectoryException if a parent is not a directory
   */
  public PlaceholderInfo stat(String path) throws IOException {
    ProjectedPath target = ProjectedPath.of(path);
    PlaceholderInfo info = lookup(ProjectedPath.ROOT);
    ProjectedPath at = ProjectedPath.ROOT;
    for (String name : target.names()) {
      if (!info.isDirectory()) {
        throw new NotDirectoryException(at.toString());
      }
      at = at.resolve(name);
      info = lookup(at);
      if (info == null) {
        throw new NoSuchFileException(at.toString());
      }
    }
    return info;
  }

  /** Opens a directory for reading. Close the handle (RELEASEDIR) when done. */
  public DirectoryHandle opendir(String path) throws IOException {
    return opendir(ProjectedPath.of(path));
  }

  /** Opens a directory for reading. Close the handle (RELEASEDIR) when done. */
  public DirectoryHandle opendir(ProjectedPath path) throws IOException {
    long session = Await.answer(startOpendir(path).result(), timeout);
    return new DirectoryHandle(this, path, session);
  }

  /** Every entry of a directory, through buffers of {@link #DEFAULT_BUFFER_ENTRIES}. */
  public List<Entry> list(String path) throws IOException {
    return list(path, null, DEFAULT_BUFFER_ENTRIES);
  }

  /**
   * Every entry of a directory matching {@code searchExpression} (null: all), through readdir
   * buffers of {@code bufferEntries} entries each.
   */
  public List<Entry> list(String path, String searchExpression, int bufferEntries) throws IOException {
    try (DirectoryHandle dir = opendir(path)) {
      return dir.readAll(searchExpression, bufferEntries);
    }
  }

  /** One READ, waited for: up to {@code length} bytes at {@code offset}, fewer at the end of the file. */
  public byte[] read(String path, long offset, int length) throws IOException {
    return read(ProjectedPath.of(path), offset, length);
  }

  /** One READ, waited for: up to {@code length} bytes at {@code offset}, fewer at the end of the file. */
  public byte[] read(ProjectedPath path, long offset, int length) throws IOException {
    Read read = startRead(path, offset, length);
    Await.answer(read.result(), timeout);
    return read.bytes();
  }

  /** A whole file, read from the start in {@link #READ_SIZE} pieces until a short read. */
  public byte[] readAll(String path) throws IOException {
    return readAll(path, READ_SIZE);
  }

  /** A whole file, read from the start in pieces of {@code pieceSize} bytes until a short read. */
  public byte[] readAll(String path, int pieceSize) throws IOException {
    ProjectedPath p = ProjectedPath.of(path);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (long offset = 0; ; ) {
      byte[] piece = read(p, offset, pieceSize);
      out.write(piece);
      offset += piece.length;
      if (piece.length < pieceSize) {
        return out.toByteArray();
      }
    }
  }

  /**
   * Every item under the root, found by listing each directory; parents before children, siblings
   * in collation order. The root itself is not included.
   */
  public Map<ProjectedPath, PlaceholderInfo> walk() throws IOException {
    Map<ProjectedPath, PlaceholderInfo> out = new LinkedHashMap<>();
    walk(ProjectedPath.ROOT, out);
    return out;
  }

  private void walk(ProjectedPath dir, Map<ProjectedPath, PlaceholderInfo> out) throws IOException {
    List<Entry> entries;
    try (DirectoryHandle handle = opendir(dir)) {
      entries = handle.readAll(null, DEFAULT_BUFFER_ENTRIES);
    }
    List<ProjectedPath> subdirectories = new ArrayList<>();
    for (Entry e : entries) {
      ProjectedPath child = dir.resolve(e.name());
      out.put(child, e.info());
      if (e.info().isDirectory()) {
        subdirectories.add(child);
      }
    }
    for (ProjectedPath child : subdirectories) {
      walk(child, out);
    }
  }

  void remember(ProjectedPath path, PlaceholderInfo info) {
    if (info != null) {
      versions.put(path, info.version());
    }
  }

  /** Closes the engine: live commands are cancelled and open sessions ended. */
  @Override
  public void close() {
    engine.close(timeout.toMillis());
  }
}
