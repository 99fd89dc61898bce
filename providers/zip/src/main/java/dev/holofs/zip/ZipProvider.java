package dev.holofs.zip;

import dev.holofs.spi.Command;
import dev.holofs.spi.DataSink;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.EnumerationRequest;
import dev.holofs.spi.PlaceholderInfo;
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
 * through a bounded cache of decompressed chunks, live inflaters and restart points, so random and
 * sequential reads stay cheap in large entries. ZIP64, UTF-8 and Unicode-path names, and
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
  private final ZipTree tree;
  private final EntryReader reader;
  private final Instant archiveTime;
  private volatile Instant lastInstant;

  private ZipProvider(Path archive, FileChannel channel, ZipTree tree, EntryReader reader,
      Instant archiveTime) {
    this.archive = archive;
    this.channel = channel;
    this.tree = tree;
    this.reader = reader;
    this.archiveTime = archiveTime;
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
    FileChannel channel;
    try {
      channel = FileChannel.open(archive, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(archive.toString(), null, "no such archive");
    }
    try {
      ZipTree tree = new ZipTree();
      long dataEnd = tree.build(new CentralDirectoryReader(channel, options.fallbackCharset()));
      Instant time = java.nio.file.Files.getLastModifiedTime(archive).toInstant();
      log.debug("{}: {} skipped", archive, tree.skipped);
      return new ZipProvider(archive, channel, tree, new EntryReader(channel, dataEnd, options), time);
    } catch (IOException | RuntimeException e) {
      channel.close();
      if (e instanceof ZipFormatException || !(e instanceof IOException)) {
        throw new IOException(archive + ": " + e.getMessage(), e);
      }
      throw e;
    }
  }

  /**
   * Reads {@code archive}'s central directory into the operating system's file cache and
   * forgets it, so that an {@link #open} soon after reads it from memory: for a caller that can
   * start this while it gets ready to open (the command line does, while it parses its
   * arguments). Does nothing if the archive cannot be read.
   */
  public static void prefetch(Path archive, ZipOptions options) {
    try (FileChannel channel = FileChannel.open(archive, StandardOpenOption.READ)) {
      new CentralDirectoryReader(channel, options.fallbackCharset()).prefetch();
    } catch (IOException | RuntimeException e) {
      log.debug("{}: not prefetched: {}", archive, e.toString());
    }
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
   * True: the tree was read with the central directory. (A symlink's target is read from the
   * archive the first time it is described: a few bytes, once.)
   */
  @Override
  public boolean answersMetadataFromMemory() {
    return true;
  }

  @Override
  public void enumerate(EnumerationRequest request, EntrySink sink) throws IOException {
    Node dir = tree.find(request.directory());
    if (dir == null) {
      throw new NoSuchFileException(request.directory().toString());
    }
    if (!dir.directory) {
      throw new NotDirectoryException(request.directory().toString());
    }
    Node[] children = dir.children(request.collation());
    int i = request.resumeAfter() == null ? 0
        : Node.after(children, request.resumeAfter(), request.collation());
    for (; i < children.length; i++) {
      if (request.command().isCancelled()) {
        return;
      }
      Node c = children[i];
      // The child's path is only needed to read a symlink's target: not made for every entry.
      ProjectedPath path = c.entry != null && c.entry.isSymlink()
          ? request.directory().resolve(c.name) : null;
      if (!sink.add(c.name, info(request.command(), path, c))) {
        return;
      }
    }
  }

  @Override
  public PlaceholderInfo getPlaceholder(Command command, ProjectedPath path) throws IOException {
    Node node = tree.find(path);
    return node == null ? null : info(command, path, node);
  }

  @Override
  public void getFileData(Command command, ProjectedPath path, long offset, int length,
      DataSink sink) throws IOException {
    Node node = tree.find(path);
    if (node == null) {
      throw new NoSuchFileException(path.toString());
    }
    if (node.directory) {
      throw new IOException(path + " is a directory");
    }
    reader.read(command, path, node, offset, length, sink);
  }

  /** The node's placeholder info, made once: an archive's entries do not change. */
  private PlaceholderInfo info(Command command, ProjectedPath path, Node node) throws IOException {
    PlaceholderInfo info = node.info;
    if (info == null) {
      info = makeInfo(command, path, node);
      node.info = info;
    }
    return info;
  }

  private PlaceholderInfo makeInfo(Command command, ProjectedPath path, Node node) throws IOException {
    CdEntry e = node.entry;
    if (node.directory) {
      PlaceholderInfo.Builder b = PlaceholderInfo.directory();
      if (e == null) {
        return b.times(archiveTime).build();
      }
      int mode = e.unixMode() & 07777;
      return times(mode != 0 ? b.mode(mode) : b, e).build();
    }
    PlaceholderInfo.Builder b = null;
    if (e.isSymlink()) {
      String target = linkTarget(command, path, node);
      b = target != null ? PlaceholderInfo.symlink(target) : null;
    }
    if (b == null) {
      b = PlaceholderInfo.file(e.size());
      int mode = e.unixMode() & 07777;
      if (mode != 0) {
        b.mode(mode);
      }
    }
    return times(b, e).build();
  }

  private PlaceholderInfo.Builder times(PlaceholderInfo.Builder b, CdEntry e) {
    Instant m = instant(e.modifiedSeconds());
    return b.times(instant(e.createdSeconds()), instant(e.accessedSeconds()), m, m);
  }

  /**
   * The instant of {@code seconds}, shared with the entries before it that have the same: an
   * archive's entries mostly carry a handful of times, and every node keeps its info.
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
  private String linkTarget(Command command, ProjectedPath path, Node node) {
    String t = node.linkTarget;
    if (t != null) {
      return t.isEmpty() ? null : t;
    }
    try {
      t = new String(reader.readSmall(command, path, node, MAX_LINK_TARGET), StandardCharsets.UTF_8);
      if (t.isEmpty() || t.indexOf('\0') >= 0) {
        log.warn("{}: symlink entry with an unusable target; shown as a file", path);
        t = "";
      }
    } catch (IOException ex) {
      log.warn("{}: cannot read symlink target ({}); shown as a file", path, ex.getMessage());
      t = "";
    }
    node.linkTarget = t;
    return t.isEmpty() ? null : t;
  }

  /** Bytes held by checkpoint windows (for tests and diagnostics). */
  long checkpointBytes() {
    return reader.inflated().checkpointBytes();
  }

  /** Inflaters alive now (for tests and diagnostics). */
  int liveInflaters() {
    return reader.inflated().liveCursors();
  }

  /** Closes the archive; reads in progress fail. */
  @Override
  public void close() throws IOException {
    reader.close();
    channel.close();
  }

  @Override
  public String toString() {
    return "zip:" + archive;
  }
}
