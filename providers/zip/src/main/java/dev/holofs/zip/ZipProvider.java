package dev.holofs.zip;

import dev.holofs.spi.Collation;
import dev.holofs.spi.Command;
import dev.holofs.spi.DataSink;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.EnumerationRequest;
import dev.holofs.spi.OpeningProvider;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.Printable;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.spi.Provider;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Projects a zip archive, read-only. Only the central directory is read when the archive is
 * opened; entry data is read on demand: stored entries by positional reads, deflated entries
 * through one cache bounded by {@link ZipOptions#cacheSize()}: small and medium entries are
 * inflated whole on first touch, large ones in chunks with restart points and live inflaters, so
 * random and sequential reads stay cheap and memory stays bounded however large an entry is. A
 * reader walking the files in listing order ({@code grep -r}, {@code tar c}) finds the next
 * entries inflated ahead on a background thread. ZIP64, UTF-8 and Unicode-path names, and
 * directories implied by names are supported; entries that could escape the root are skipped.
 *
 * <pre>{@code
 * try (ZipProvider zip = ZipProvider.open(Path.of("a.zip"));
 *      Mount m = Projection.builder(zip).build().mount(Path.of("/mnt/a"))) {
 *   m.awaitUnmount();
 * }
 * }</pre>
 */
public final class ZipProvider implements Provider, Closeable {

  private static final Logger log = LoggerFactory.getLogger(ZipProvider.class);
  private static final int MAX_LINK_TARGET = 4095;

  private final Path archive;
  private final FileChannel channel;
  private final Instant archiveTime;
  private final ZipTree tree;
  private final EntryReader reader;
  private final WalkAhead ahead;
  private volatile Instant lastInstant;

  private ZipProvider(Path archive, FileChannel channel, Instant archiveTime, ZipTree tree,
      EntryReader reader, WalkAhead ahead) {
    this.archive = archive;
    this.channel = channel;
    this.archiveTime = archiveTime;
    this.tree = tree;
    this.reader = reader;
    this.ahead = ahead;
  }

  /** Opens {@code archive} with {@link ZipOptions#defaults()}. */
  public static ZipProvider open(Path archive) throws IOException {
    return open(archive, ZipOptions.defaults());
  }

  /**
   * Opens {@code archive}, reading its central directory.
   *
   * @throws IOException with a one-line reason if it cannot be read or is not a sound zip archive
   */
  public static ZipProvider open(Path archive, ZipOptions options) throws IOException {
    return openInBackground(archive, options).awaitOpenedOrClose();
  }

  /**
   * Opens {@code archive} and reads its central directory on a thread of its own: returns once
   * the file is found to be a zip archive (its end record is read), so that a mount can be made
   * meanwhile. {@link OpeningProvider#awaitOpened} says whether it could be read.
   *
   * <p>Requests, and {@code awaitOpened}, wait for the directory with no bound, however long
   * reading it takes: a local file's directory read ends (the time is the archive's size, not a
   * server that may never answer), and a cancelled request still stops waiting. Closing the
   * opening while the directory is read closes the archive: a read still waiting on the file
   * stops; a directory already in memory or mapped is parsed to its end, and the provider then
   * closed.
   *
   * @throws IOException with a one-line reason if it cannot be read or is not a zip archive
   */
  public static OpeningProvider<ZipProvider> openInBackground(Path archive, ZipOptions options)
      throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(archive, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(archive.toString(), null, "no such archive");
    }
    return openInBackground(archive, channel, options);
  }

  /** {@link #openInBackground(Path, ZipOptions)} of {@code archive} read through {@code channel}. */
  static OpeningProvider<ZipProvider> openInBackground(Path archive, FileChannel channel,
      ZipOptions options) throws IOException {
    CentralDirectoryReader cd;
    Instant time;
    try {
      cd = new CentralDirectoryReader(channel, options.fallbackCharset());
      cd.start(); // finds the end record: is it a zip archive at all
      time = java.nio.file.Files.getLastModifiedTime(archive).toInstant();
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw oneLine(archive, e);
    }
    return OpeningProvider.builder(ZipProvider.class, archive.toString(), () -> {
      try {
        return load(archive, channel, time, cd, options);
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw oneLine(archive, e);
      } catch (Error e) {
        channel.close();
        throw e;
      }
    }).answersMetadataFromMemory().immutable().onEarlyClose(channel::close)
        .start("holofs-zip-open");
  }

  private static ZipProvider load(Path archive, FileChannel channel, Instant time,
      CentralDirectoryReader cd, ZipOptions options) throws IOException {
    ZipTree t = ZipTreeBuilder.build(cd);
    log.debug("{}: {} skipped", archive, t.skipped);
    // File data ends where the central directory starts.
    EntryReader r = new EntryReader(channel, cd.start(), options);
    // Inflated ahead and not yet read: at most a quarter of the cache, so what a random
    // reader keeps coming back to is not pushed out, and at most 1 MiB: enough to keep the idle
    // core ahead of a walker, while more only lived long enough to be promoted and then died
    // in the old generation (full collections; 4-6 MiB more resident, a slower read-all).
    WalkAhead ahead = new WalkAhead(t, r,
        Math.min(1 << 20, (options.dataCacheSize() - options.checkpointCacheSize()) / 4));
    return new ZipProvider(archive, channel, time, t, r, ahead);
  }

  private static IOException oneLine(Path archive, Exception e) {
    if (e instanceof ZipFormatException || !(e instanceof IOException)) {
      return new IOException(archive + ": " + e.getMessage(), e);
    }
    return (IOException) e;
  }

  /** The archive this provider projects. */
  public Path archive() {
    return archive;
  }

  /** How many entries were skipped as unsafe, duplicate or clashing. */
  public int skippedEntries() {
    return tree.skipped;
  }

  /**
   * True: the tree is in memory once the central directory is read, and what is read from the
   * archive (a symlink's target the first time it is described) is announced as
   * {@linkplain Command#blocking blocking} work.
   */
  @Override
  public boolean answersMetadataFromMemory() {
    return true;
  }

  /**
   * True: the archive is opened read-only and its directory read once, so nothing projected
   * changes while it is mounted.
   */
  @Override
  public boolean isImmutable() {
    return true;
  }

  @Override
  public void enumerate(EnumerationRequest request, EntrySink sink) throws IOException {
    int dir = tree.find(request.directory());
    if (dir == ZipTree.NONE) {
      throw new NoSuchFileException(request.directory().toString());
    }
    if (!tree.isDirectory(dir)) {
      throw new NotDirectoryException(request.directory().toString());
    }
    Collation collation = request.collation();
    ahead.listedIn(collation);
    int i = request.resumeAfter() == null ? 0 : tree.indexAfter(dir, request.resumeAfter(), collation);
    for (int count = tree.childCount(dir); i < count; i++) {
      if (request.command().isCancelled()) {
        return;
      }
      int child = tree.childAt(dir, i, collation);
      String name = tree.name(child);
      // The child's path is only needed to read a symlink's target: not made for every entry.
      ProjectedPath path = isSymlink(child) ? request.directory().resolve(name) : null;
      if (!sink.add(name, info(request.command(), path, child))) {
        return;
      }
    }
  }

  @Override
  public PlaceholderInfo getPlaceholder(Command command, ProjectedPath path) throws IOException {
    int node = tree.find(path);
    return node == ZipTree.NONE ? null : info(command, path, node);
  }

  @Override
  public void getFileData(Command command, ProjectedPath path, long offset, int length,
      DataSink sink) throws IOException {
    int node = tree.find(path);
    if (node == ZipTree.NONE) {
      throw new NoSuchFileException(path.toString());
    }
    if (tree.isDirectory(node)) {
      throw new IOException(Printable.of(path.toString()) + " is a directory");
    }
    if (offset == 0) {
      ahead.starting(node);
    }
    FileEntry file = tree.file(node);
    if (reader.read(command, path, file, offset, length, sink)) {
      tree.release(node, file);
    }
  }

  /**
   * The node's placeholder info, made from the record's columns each time: kept, 100,000 infos
   * would be as many objects for the collector to trace. {@code path} is only used (and may be
   * null) if the node is a symlink.
   */
  private PlaceholderInfo info(Command command, ProjectedPath path, int node) {
    int rec = tree.record(node);
    CdRecords records = tree.records;
    if (tree.isDirectory(node)) {
      PlaceholderInfo.Builder b = PlaceholderInfo.directory();
      if (rec == ZipTree.NONE) {
        return b.times(archiveTime).build();
      }
      int mode = records.unixMode(rec) & 07777;
      return times(mode != 0 ? b.mode(mode) : b, records, rec).build();
    }
    int unixMode = records.unixMode(rec);
    PlaceholderInfo.Builder b = null;
    if (CdEntry.isSymlink(unixMode)) {
      String target = linkTarget(command, path, tree.file(node));
      b = target != null ? PlaceholderInfo.symlink(target) : null;
    }
    if (b == null) {
      b = PlaceholderInfo.file(records.size(rec));
      if ((unixMode & 07777) != 0) {
        b.mode(unixMode & 07777);
      }
    }
    return times(b, records, rec).build();
  }

  private boolean isSymlink(int node) {
    return !tree.isDirectory(node) && CdEntry.isSymlink(tree.records.unixMode(tree.record(node)));
  }

  private PlaceholderInfo.Builder times(PlaceholderInfo.Builder b, CdRecords records, int rec) {
    Instant m = instant(records.modifiedSeconds(rec));
    return b.times(instant(records.createdSeconds(rec)), instant(records.accessedSeconds(rec)), m, m);
  }

  /**
   * The instant of {@code seconds}, shared with the entries before it that have the same: an
   * archive's entries mostly carry a handful of times.
   */
  private Instant instant(long seconds) {
    Instant last = lastInstant;
    if (last == null || last.getEpochSecond() != seconds) {
      last = Instant.ofEpochSecond(seconds);
      lastInstant = last; // a race only costs sharing
    }
    return last;
  }

  /** A symlink entry's target, read once; null (a plain file is shown) if it is unusable. */
  private String linkTarget(Command command, ProjectedPath path, FileEntry file) {
    String t = file.linkTarget;
    if (t != null) {
      return t.isEmpty() ? null : t;
    }
    try {
      t = new String(reader.readSmall(command, path, file, MAX_LINK_TARGET), StandardCharsets.UTF_8);
      if (t.isEmpty() || t.indexOf('\0') >= 0) {
        log.warn("{}: symlink entry with an unusable target; shown as a file",
            Printable.of(path.toString()));
        t = "";
      }
    } catch (IOException ex) {
      log.warn("{}: cannot read symlink target ({}); shown as a file", Printable.of(path.toString()),
          ex.getMessage());
      t = "";
    }
    file.linkTarget = t;
    return t.isEmpty() ? null : t;
  }

  /** Bytes held by checkpoint windows (for tests and diagnostics). */
  long checkpointBytes() {
    return reader.inflated().checkpointBytes();
  }

  /** The least distance between restart points now (for tests and diagnostics). */
  long checkpointSpacing() {
    return reader.inflated().checkpointSpacing();
  }

  /** Bytes inflated to serve reads of deflated entries so far (for tests and diagnostics). */
  long bytesInflated() {
    return reader.inflated().bytesInflated();
  }

  /** The provider's cache (for tests and diagnostics). */
  EntryCache cache() {
    return reader.inflated().cache();
  }

  /** The read state of the file at {@code path} (for tests). */
  FileEntry fileForTest(ProjectedPath path) {
    return tree.file(tree.find(path));
  }

  /** The archive's tree (for tests). */
  ZipTree tree() {
    return tree;
  }

  /** Whether the file at {@code path} has a read state now, made and not yet released (for tests). */
  boolean keepsReadState(ProjectedPath path) {
    return tree.hasFile(tree.find(path));
  }

  /** The files' paths in the order a recursive reader meets them (for tests). */
  java.util.List<String> walkForTest() {
    return java.util.Arrays.stream(tree.walk(Collation.BYTE_ORDER)).mapToObj(tree::path).toList();
  }

  /** Inflating ahead of listing-order readers (for tests and diagnostics). */
  WalkAhead walkAhead() {
    return ahead;
  }

  /** Whether nothing is inflated ahead of a sequential reader now (for tests). */
  boolean readAheadQuiet() {
    return reader.inflated().readAheadQuiet();
  }

  /** Inflaters alive now (for tests and diagnostics). */
  int liveInflaters() {
    return reader.inflated().liveCursors();
  }

  /** Closes the archive; reads in progress fail. */
  @Override
  public void close() throws IOException {
    ahead.close();
    log.debug("{}: {} entries inflated ahead of listing-order readers, {} of them read", archive,
        ahead.inflatedAhead(), ahead.served());
    reader.close();
    channel.close();
  }

  @Override
  public String toString() {
    return "zip:" + archive;
  }
}
