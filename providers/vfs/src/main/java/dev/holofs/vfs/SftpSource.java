package dev.holofs.vfs;

import dev.holofs.spi.Command;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.PlaceholderVersion;
import dev.holofs.spi.Printable;
import dev.holofs.spi.ProjectedPath;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An sftp source spoken to directly in SFTP, on {@link SftpLane}s: a listing is one OPENDIR and a
 * READDIR sequence (attributes included, a STAT only for symbolic links), an item one STAT, a read
 * of a file READs on a handle kept open ({@link OpenFiles}), its requests pipelined, so a random
 * read costs one round trip and a sequential one never waits for a reopen.
 */
final class SftpSource {

  /**
   * Bytes asked for by one READ at first; a server that answers fewer (its limit) is asked for
   * that many from then on.
   */
  private static final int CHUNK = 64 * 1024;
  private static final int MIN_CHUNK = 4096;
  private static final int READ_FLAG = 0x1;
  /** Names in one READDIR answer from which a directory is taken for large (OpenSSH sends 100). */
  private static final int LARGE_BATCH = 64;
  /** READDIRs in flight for a large directory. */
  private static final int READDIRS_AHEAD = 4;

  /**
   * The longest a handle's version, once found unchanged, is trusted without asking again, however
   * long listings are trusted: SFTP's modification times have 1 s steps, so a change within a
   * second of the last check may go unseen anyway, and longer would let a file rewritten in place
   * be read mixed for as long as the cache timeout.
   */
  static final Duration MAX_TRUST = Duration.ofSeconds(1);

  private final Lanes<SftpLane> lanes;
  private final String root;
  private final OpenFiles files;
  private final long trusted;
  private volatile int chunk = CHUNK;
  private final CountDownLatch firstListing = new CountDownLatch(1);

  /**
   * {@code root}: the absolute path on the server that is projected; {@code metadataTimeout}: how
   * long listings are trusted (a handle's version at most {@link #MAX_TRUST} of it);
   * {@code idle}: how long a handle no read uses stays open.
   */
  SftpSource(List<SftpLane> lanes, String root, Duration metadataTimeout, Duration idle) {
    this.lanes = new Lanes<>(lanes);
    this.files = new OpenFiles(idle);
    this.trusted = Math.min(metadataTimeout.toNanos(), MAX_TRUST.toNanos());
    this.root = root.endsWith("/") && root.length() > 1 ? root.substring(0, root.length() - 1) : root;
  }

  int lanes() {
    return lanes.size();
  }

  /** The path on the server of {@code path}. */
  String remote(ProjectedPath path) {
    return path.isRoot() ? root : (root.equals("/") ? "" : root) + "/" + path;
  }

  /** Every entry of directory {@code dir} (links followed, dangling ones left out), unsorted. */
  Map<String, PlaceholderInfo> list(ProjectedPath dir) throws IOException {
    try {
      return lanes.onLeastBusy(lane -> list(lane.channel(), dir));
    } finally {
      firstListing.countDown();
    }
  }

  /** Bytes read ahead of sequential readers and not yet taken. */
  long aheadBytes() {
    return files.aheadBytes();
  }

  /** Waits until a listing was made, or {@code atMost}. */
  void awaitFirstListing(Duration atMost) {
    try {
      firstListing.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What {@code path} is now, or empty if nothing is there. */
  Optional<PlaceholderInfo> describe(ProjectedPath path) throws IOException {
    return lanes.onLeastBusy(lane -> {
      try {
        return Optional.of(stat(lane.channel(), remote(path)).toPlaceholder());
      } catch (NoSuchFileException e) {
        return Optional.empty();
      }
    });
  }

  /** Bytes {@code [offset, offset + length)} of file {@code path}, fewer at its end. */
  byte[] read(Command command, ProjectedPath path, long offset, int length) throws IOException {
    PlaceholderVersion version = command.version();
    long listedSize = Attributes.size(version);
    if (listedSize >= 0 && offset >= listedSize) {
      return new byte[0]; // at or past the end of the version the reader was shown
    }
    OpenFiles.OpenFile file = files.acquire(path, version);
    boolean reused = file != null;
    if (!reused) {
      file = lanes.onLeastBusy(lane -> open(lane, path, version));
      files.add(path, file);
    }
    OpenFiles.OpenFile open = file;
    try {
      return Lanes.on(open.lane, lane -> readOpen(command, path, open, reused, offset, length));
    } catch (IOException | RuntimeException e) {
      files.retire(path, open);
      throw e;
    } finally {
      files.release(open);
    }
  }

  /** Bytes of {@code file}, open; {@code reused}: opened by an earlier read (check its version). */
  private byte[] readOpen(Command command, ProjectedPath path, OpenFiles.OpenFile file,
      boolean reused, long offset, int length) throws IOException {
    SftpChannel ch = file.channel;
    // A reused handle may be of a file changed since. The first read more than
    // min(metadata timeout, MAX_TRUST) after its version was last found unchanged asks for its
    // attributes with the data, in the same round trip, and fails if they changed: a change is
    // caught by that read, while one within the bound may return the new version's bytes (SFTP's
    // 1 s modification times limit detection to about that anyway).
    long now = System.nanoTime();
    CompletableFuture<SftpChannel.Reply> check = reused && now - file.checkedAt() >= trusted
        ? ch.send(SftpChannel.FSTAT, new SftpChannel.Body().string(file.handle)) : null;
    int want = (int) Math.max(0, Math.min(length, file.size - offset));
    OpenFiles.ReadAhead ahead = files.takeAhead(file, offset, want);
    byte[] bytes = collect(command, path, file, offset, want,
        ahead != null ? ahead.pieces() : send(file, offset, want));
    // A sequential reader: its next pieces are on their way before it asks.
    for (long[] next : files.aheadAfter(file, offset, offset + bytes.length, want)) {
      files.putAhead(file, new OpenFiles.ReadAhead(next[0], (int) next[1],
          send(file, next[0], (int) next[1])));
    }
    if (check != null) {
      SftpChannel.Reply attrs = ch.await(check);
      SftpChannel.expect(attrs, SftpChannel.ATTRS, path.toString());
      SftpAttrs attributes = SftpAttrs.read(attrs.body());
      if (!file.version.equals(attributes.toPlaceholder().version())) {
        throw changed(path);
      }
      file.checked(now);
    }
    if (offset + bytes.length >= file.size) {
      files.retire(path, file); // read to its end: most readers are done with it
    }
    return bytes;
  }

  /** A whole file and the version it was read at. */
  record Fetched(PlaceholderVersion version, byte[] bytes) {}

  /**
   * The whole of file {@code path} at {@code version} (the one listed), opened, read and closed:
   * for read-ahead. Fails if the file changed since it was listed; null if it is larger than
   * {@code maxSize} (the read-ahead picked it by its listed size and must not read a large file).
   */
  Fetched fetch(ProjectedPath path, PlaceholderVersion version, long maxSize) throws IOException {
    OpenFiles.OpenFile file = lanes.onLeastBusy(lane -> open(lane, path, version));
    try {
      if (file.size > maxSize) {
        return null;
      }
      int size = (int) file.size;
      byte[] bytes = collect(null, path, file, 0, size, send(file, 0, size));
      return new Fetched(file.version, bytes);
    } finally {
      file.channel.send(SftpChannel.CLOSE, new SftpChannel.Body().string(file.handle));
    }
  }

  /** Closes every open file and connection. */
  void close() {
    files.close();
    lanes.all().forEach(SftpLane::close);
  }

  private Map<String, PlaceholderInfo> list(SftpChannel ch, ProjectedPath dir) throws IOException {
    String path = remote(dir);
    byte[] handle;
    try {
      handle = SftpChannel.handle(ch.call(SftpChannel.OPENDIR, new SftpChannel.Body().string(path)),
          dir.toString());
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException e) {
      if (!stat(ch, path).isDirectory()) { // servers say only "failure" for a file
        throw new NotDirectoryException(dir.toString());
      }
      throw e;
    }
    Map<String, SftpAttrs> listed = new LinkedHashMap<>();
    SftpChannel.Body readdir = new SftpChannel.Body().string(handle);
    ArrayDeque<CompletableFuture<SftpChannel.Reply>> sent = new ArrayDeque<>();
    // Two at once: every listing ends with a READDIR answered EOF, so a directory that fits in one
    // answer (most do) is listed in one round trip after OPENDIR instead of two, at no extra request.
    sent.add(ch.send(SftpChannel.READDIR, readdir));
    sent.add(ch.send(SftpChannel.READDIR, readdir));
    try {
      boolean ended = false;
      while (!sent.isEmpty()) {
        SftpChannel.Reply reply = ch.await(sent.poll());
        if (ended || SftpChannel.isEof(reply)) {
          ended = true; // READDIRs sent past the end are answered EOF too
          continue;
        }
        SftpChannel.expect(reply, SftpChannel.NAME, dir.toString());
        ByteBuffer b = reply.body();
        int count = b.getInt();
        for (int n = count; n > 0; n--) {
          String name = SftpChannel.utf8(b);
          SftpChannel.skipString(b); // the long name, for humans
          SftpAttrs attrs = SftpAttrs.read(b);
          if (!name.equals(".") && !name.equals("..")) {
            listed.put(name, attrs);
          }
        }
        // A full batch: a large directory, whose next batches are asked for several at once (the
        // server answers READDIRs of one handle in order). A small one costs no READDIR more.
        int depth = count >= LARGE_BATCH ? READDIRS_AHEAD : 1;
        while (sent.size() < depth) {
          sent.add(ch.send(SftpChannel.READDIR, readdir));
        }
      }
    } finally {
      ch.send(SftpChannel.CLOSE, new SftpChannel.Body().string(handle)); // its answer is not needed
    }
    return followLinks(ch, path, listed);
  }

  /** The entries with each symbolic link replaced by what it points to, STATs all in flight at once. */
  private static Map<String, PlaceholderInfo> followLinks(SftpChannel ch, String dir,
      Map<String, SftpAttrs> listed) throws IOException {
    Map<String, CompletableFuture<SftpChannel.Reply>> links = new LinkedHashMap<>();
    listed.forEach((name, attrs) -> {
      if (attrs.isLink()) {
        links.put(name, ch.send(SftpChannel.STAT,
            new SftpChannel.Body().string((dir.equals("/") ? "" : dir) + "/" + name)));
      }
    });
    Map<String, PlaceholderInfo> entries = new LinkedHashMap<>();
    for (Map.Entry<String, SftpAttrs> e : listed.entrySet()) {
      SftpAttrs attrs = e.getValue();
      CompletableFuture<SftpChannel.Reply> link = links.get(e.getKey());
      if (link != null) {
        SftpChannel.Reply reply = ch.await(link);
        if (reply.type() != SftpChannel.ATTRS) {
          continue; // dangling or unreadable: nothing to show
        }
        attrs = SftpAttrs.read(reply.body());
      }
      entries.put(e.getKey(), attrs.toPlaceholder());
    }
    return entries;
  }

  static SftpAttrs stat(SftpChannel ch, String path) throws IOException {
    SftpChannel.Reply reply = ch.call(SftpChannel.STAT, new SftpChannel.Body().string(path));
    SftpChannel.expect(reply, SftpChannel.ATTRS, path);
    return SftpAttrs.read(reply.body());
  }

  /** Opens {@code path} for reading: STAT and OPEN in one round trip, the version checked. */
  private OpenFiles.OpenFile open(SftpLane lane, ProjectedPath path, PlaceholderVersion version)
      throws IOException {
    SftpChannel ch = lane.channel();
    String remote = remote(path);
    CompletableFuture<SftpChannel.Reply> stat =
        ch.send(SftpChannel.STAT, new SftpChannel.Body().string(remote));
    CompletableFuture<SftpChannel.Reply> open = ch.send(SftpChannel.OPEN,
        new SftpChannel.Body().string(remote).int32(READ_FLAG).int32(0));
    SftpChannel.Reply attrs = ch.await(stat);
    byte[] handle = SftpChannel.handle(ch.await(open), path.toString());
    try {
      SftpChannel.expect(attrs, SftpChannel.ATTRS, path.toString());
      SftpAttrs now = SftpAttrs.read(attrs.body());
      if (now.isDirectory()) {
        throw new IOException(Printable.of(path.toString()) + ": not a regular file");
      }
      PlaceholderInfo info = now.toPlaceholder();
      if (!version.equals(PlaceholderVersion.NONE) && !version.equals(info.version())) {
        throw changed(path);
      }
      return new OpenFiles.OpenFile(lane, ch, handle, info.version(), now.size());
    } catch (IOException | RuntimeException e) {
      ch.send(SftpChannel.CLOSE, new SftpChannel.Body().string(handle));
      throw e;
    }
  }

  /** Sends the READs for {@code want} bytes at {@code offset}, one per {@link #chunk}. */
  private List<OpenFiles.Piece> send(OpenFiles.OpenFile file, long offset, int want) {
    int size = chunk;
    List<OpenFiles.Piece> pieces = new ArrayList<>();
    for (int at = 0; at < want; at += size) {
      int n = Math.min(size, want - at);
      pieces.add(new OpenFiles.Piece(at, n, read(file.channel, file, offset + at, n)));
    }
    return pieces;
  }

  /** The {@code want} bytes at {@code offset} the READs {@link #send} sent answer. */
  private byte[] collect(Command command, ProjectedPath path, OpenFiles.OpenFile file,
      long offset, int want, List<OpenFiles.Piece> pieces) throws IOException {
    byte[] buffer = new byte[want];
    SftpChannel ch = file.channel;
    for (OpenFiles.Piece piece : pieces) {
      int at = piece.at();
      int end = at + piece.length();
      SftpChannel.Reply reply = ch.await(piece.reply());
      while (true) {
        if (command != null && command.isCancelled()) {
          throw new InterruptedIOException(
              "read of " + Printable.of(path.toString()) + " cancelled");
        }
        int n = data(reply, path, buffer, at, end - at);
        if (n < end - at && n >= MIN_CHUNK && n < chunk) {
          chunk = n; // the server's limit: ask for no more from now on
        }
        at += n;
        if (at >= end) {
          break;
        }
        reply = ch.await(read(ch, file, offset + at, end - at)); // a short answer: ask for the rest
      }
    }
    return buffer;
  }

  private static CompletableFuture<SftpChannel.Reply> read(SftpChannel ch, OpenFiles.OpenFile file,
      long offset, int length) {
    return ch.send(SftpChannel.READ,
        new SftpChannel.Body().string(file.handle).int64(offset).int32(length));
  }

  /** Copies a DATA reply's bytes (at most {@code max}) to {@code buffer} at {@code at}; how many. */
  private static int data(SftpChannel.Reply reply, ProjectedPath path, byte[] buffer, int at, int max)
      throws IOException {
    try {
      SftpChannel.expect(reply, SftpChannel.DATA, path.toString());
    } catch (EOFException e) {
      throw new IOException(Printable.of(path.toString())
          + ": ended before its listed size; it changed while being read");
    }
    ByteBuffer b = reply.body();
    int n = b.getInt();
    if (n <= 0 || n > max || n > b.remaining()) {
      throw new IOException("sftp: malformed DATA for " + Printable.of(path.toString()));
    }
    b.get(buffer, at, n);
    return n;
  }

  private static IOException changed(ProjectedPath path) {
    return new IOException(Printable.of(path.toString())
        + ": changed since it was listed (size or modification time); open it again");
  }
}
