package dev.holofs.vfs;

import dev.holofs.spi.Collation;
import dev.holofs.spi.Command;
import dev.holofs.spi.DataSink;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.EnumerationRequest;
import dev.holofs.spi.EnumerationSession;
import dev.holofs.spi.FileNames;
import dev.holofs.spi.OpeningProvider;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.PlaceholderVersion;
import dev.holofs.spi.Printable;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.spi.Provider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.nio.file.NotDirectoryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.vfs2.Capability;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.FileSystemManager;
import org.apache.commons.vfs2.FileType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Projects any Apache Commons VFS 2 {@link FileObject} root: sftp, ftp, http(s), tar/tgz/tbz2,
 * zip/jar, ram, local files. Opened from a URI with {@link #open}, or over a caller's root with
 * {@link #of}.
 *
 * <p><b>Lanes.</b> Commons VFS serialises most of its work on one lock per {@code FileSystem}
 * ({@code synchronized (fileSystem)} in {@code AbstractFileObject}: resolving, typing, listing,
 * opening content), and a remote file system holds one connection. One file system would let one
 * slow listing stall every other request. So a remote source gets several lanes: file systems that
 * differ only in a lane number in their {@code FileSystemOptions}, which Commons VFS therefore
 * keeps apart, each with its own lock and connection. Each remote call goes to the least busy lane
 * and runs in {@link Command#blocking}, so waiting on the network holds none of the engine's
 * slots. Local and in-memory sources (archives, ram, file) get one lane: a second would only read
 * the archive twice, or (ram) be another, empty file system.
 *
 * <p><b>Metadata.</b> Listings come from {@code getChildren()}, whose children carry the
 * attributes the listing returned (sftp's READDIR), so a listing costs one round trip, not one per
 * child; symbolic links are followed (a second round trip for those only). Lookups under a listed
 * directory answer from its listing. Both are trusted for the metadata timeout (pass the mount's
 * cache timeout) and bounded in size; a directory handle keeps the listing it started with.
 *
 * <p><b>Reads.</b> Through pooled cursors ({@code RandomAccessContent} where the scheme has random
 * access, a skipped stream otherwise): a sequential reader never reopens, a backward seek reopens
 * once. A file whose size or modification time no longer match its placeholder fails the read
 * rather than mix versions. A dropped connection fails the requests in flight; Commons VFS
 * reconnects the lane on its next use.
 *
 * <p><b>sftp directories</b> are spoken to in SFTP directly ({@link SftpSource}), below Commons
 * VFS's API, which forced waste there: its sftp file system keeps one idle {@code ChannelSftp},
 * so every concurrent stream opened another channel (with OpenSSH, another sftp-server process);
 * it STATs a freshly resolved file before opening it; jsch's stream opens the file and reads ahead
 * for every new stream, so a random read cost three round trips; and one call at a time per lane.
 * The connection is still made by Commons VFS (its sftp client factory, with the options a Commons
 * VFS sftp file system gets: keys, known hosts, timeouts), and every other scheme, and a single
 * sftp file, goes through Commons VFS as above. Each lane holds one channel on which any number of
 * requests are in flight; a read uses a handle kept open, READs pipelined; a walk is read ahead
 * ({@link WalkAhead}).
 */
public final class VfsProvider implements Provider, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(VfsProvider.class);

  private final FileSystemManager ownedManager;
  /** The Commons VFS lanes; null for an sftp directory (its source has lanes of its own). */
  private final Lanes<Lane> lanes;
  private final String singleFileName;
  private final String description;
  private final VfsErrors errors;
  private final Metadata metadata;
  private final Reads reads;
  /** An sftp directory, spoken to in SFTP directly; null for every other source. */
  private final SftpSource sftp;
  /**
   * Listings and small files fetched ahead of a walk (sftp only); null without a metadata timeout,
   * when nothing fetched ahead would be trusted long enough to be used.
   */
  private final WalkAhead walk;
  private final Map<Long, Listing> sessions = new ConcurrentHashMap<>();
  /** The projection's collation, learnt from its listings (lookups are not told it). */
  private volatile Collation collation = Collation.BYTE_ORDER;

  VfsProvider(FileSystemManager ownedManager, List<Lane> lanes, String singleFileName,
      String description, char[] password, Duration metadataTimeout, boolean randomAccess) {
    this.ownedManager = ownedManager;
    this.lanes = new Lanes<>(lanes);
    this.singleFileName = singleFileName;
    this.description = description;
    this.errors = new VfsErrors(description, password);
    this.metadata = new Metadata(metadataTimeout);
    this.reads = new Reads(this.lanes, this::describe, randomAccess);
    this.sftp = null;
    this.walk = null;
  }

  /** A provider over an sftp directory. */
  VfsProvider(SftpSource sftp, String description, char[] password, Duration metadataTimeout) {
    this.ownedManager = null;
    this.lanes = null; // requests go to the sftp source's lanes
    this.singleFileName = null;
    this.description = description;
    this.errors = new VfsErrors(description, password);
    this.metadata = new Metadata(metadataTimeout);
    this.reads = null;
    this.sftp = sftp;
    this.walk = metadataTimeout.isZero() ? null : new WalkAhead(new WalkAhead.Source() {
      @Override
      public Listing listing(ProjectedPath dir) throws Exception {
        return metadata.listing(dir, () -> loadSftp(dir, collation));
      }

      @Override
      public Listing cachedListing(ProjectedPath dir) {
        return metadata.cachedListing(dir);
      }

      @Override
      public SftpSource.Fetched fetch(ProjectedPath path, PlaceholderVersion version, long maxSize)
          throws IOException {
        return sftp.fetch(path, version, maxSize);
      }
    }, metadataTimeout);
  }

  /**
   * Connects to the source {@code options} name and checks its root exists.
   *
   * @throws IOException with a one-line message (never holding the password) if the scheme is
   *     unknown, the host unreachable, the credentials refused or the path missing
   */
  public static VfsProvider open(VfsOptions options) throws IOException {
    return Connector.open(options);
  }

  /**
   * Returns at once, while the source {@code options} name is opened (connected, its root checked)
   * on a thread of its own, so that a mount can be made meanwhile; {@link
   * OpeningProvider#awaitOpened} says whether it could be, with the one-line reason {@link #open}
   * would have thrown. Requests and that wait give up after a login's connect and two silences:
   * only the sftp and ftp(s) clients have timeouts of their own, and an http server or a stuck
   * NFS path may never answer. The caller closes the provider. Closing it does not stop a login
   * still going on (there is no {@code onEarlyClose}): an early login nobody takes keeps
   * connecting until it ends, within the connect timeout, and its provider is then closed.
   */
  public static OpeningProvider<VfsProvider> openInBackground(VfsOptions options) {
    return OpeningProvider.builder(VfsProvider.class, Printable.withoutPassword(options.uri()),
            () -> open(options))
        .waitingAtMost(options.connectTimeout().plus(options.silenceTimeout().multipliedBy(2)))
        .start("holofs-vfs-open");
  }

  /**
   * Prepares, on the calling thread, what opening {@code uri} will need before any byte reaches
   * the server (for {@code sftp:} the ssh handshake's cryptography, a good part of the time until
   * a mount is listable on a fresh JVM); a no-op for other schemes. A command line calls it on a
   * thread of its own while it parses its options. Nothing it does changes the later open: what
   * it throws, the caller may ignore (the handshake meets, and reports, whatever this met).
   *
   * @throws GeneralSecurityException if this JVM lacks an algorithm the handshake uses
   */
  public static void warmUp(String uri) throws GeneralSecurityException {
    if (Connector.isSftp(uri)) {
      SshWarmUp.run();
    }
  }

  /**
   * A provider over {@code root}, a folder (or a single file, shown as the only entry of the
   * projection) of a file system the caller made and keeps: one lane, not closed by {@link #close}.
   */
  public static VfsProvider of(FileObject root, Duration metadataTimeout) throws IOException {
    String shown = Printable.of(root.getName().getFriendlyURI());
    FileType type = root.getType();
    if (type == FileType.IMAGINARY) {
      throw new NoSuchFileException(shown);
    }
    String single = type == FileType.FILE ? Connector.singleName(root) : null;
    return new VfsProvider(null, List.of(new Lane(0, i -> root, root, single)), single, shown,
        null, metadataTimeout, root.getFileSystem().hasCapability(Capability.RANDOM_ACCESS_READ));
  }

  /** The source, as safe to print: no password, no control characters. */
  public String describe() {
    return description;
  }

  /** How many lanes (independent connections) requests are spread over. */
  public int lanes() {
    return sftp != null ? sftp.lanes() : lanes.size();
  }

  /** Bytes read ahead of sequential readers and not yet taken (sftp directories; for tests). */
  long readAheadBytes() {
    return sftp.aheadBytes();
  }

  @Override
  public void enumerate(EnumerationRequest request, EntrySink sink) throws IOException {
    collation = request.collation();
    long id = request.session().id();
    Listing listing = sessions.get(id);
    if (listing == null || request.isRestartScan() || listing.collation() != request.collation()) {
      listing = listing(request.command(), request.directory(), request.collation());
      sessions.put(id, listing);
    }
    for (int i = listing.indexAfter(request.resumeAfter()); i < listing.size(); i++) {
      if (!sink.add(listing.name(i), listing.info(i))) {
        return;
      }
    }
  }

  @Override
  public void endEnumeration(EnumerationSession session) {
    sessions.remove(session.id());
  }

  @Override
  public PlaceholderInfo getPlaceholder(Command command, ProjectedPath path) throws IOException {
    if (path.isRoot()) {
      return PlaceholderInfo.directory().build();
    }
    Listing parent = metadata.cachedListing(path.parent());
    if (parent != null) {
      return parent.find(path.name()); // no round trip
    }
    if (sftp != null) {
      return blocking(command, path, () -> describeSftp(path)).orElse(null);
    }
    return call(command, path, lane -> describe(lane, path)).orElse(null);
  }

  @Override
  public void getFileData(Command command, ProjectedPath path, long offset, int length,
      DataSink sink) throws IOException {
    byte[] bytes = sftp != null
        ? blocking(command, path, () -> {
          byte[] ahead = walk == null ? null : walk.read(path, command.version(), offset, length);
          return ahead != null ? ahead : sftp.read(command, path, offset, length);
        })
        : blocking(command, path, () -> reads.read(command, path, offset, length));
    sink.write(ByteBuffer.wrap(bytes));
  }

  /** Closes idle streams and, for a provider made by {@link #open}, every lane's connection. */
  @Override
  public void close() {
    if (sftp != null) {
      if (walk != null) {
        walk.close();
      }
      sftp.close();
      return;
    }
    reads.close();
    if (ownedManager != null) {
      lanes.all().forEach(Lane::close);
      ownedManager.close();
    }
  }

  private Listing listing(Command command, ProjectedPath dir, Collation collation)
      throws IOException {
    Listing cached = metadata.cachedListing(dir);
    if (cached != null && cached.collation() == collation) {
      return cached;
    }
    if (sftp != null) {
      if (walk != null) {
        walk.listing(dir);
      }
      return blocking(command, dir, () -> metadata.listing(dir, () -> loadSftp(dir, collation)));
    }
    return call(command, dir, lane -> metadata.listing(dir, () -> load(lane, dir, collation)));
  }

  private Listing load(Lane lane, ProjectedPath dir, Collation collation) throws Exception {
    Map<String, PlaceholderInfo> entries = new HashMap<>();
    if (singleFileName != null) {
      if (!dir.isRoot()) {
        throw dir.toString().equals(singleFileName) ? new NotDirectoryException(dir.toString())
            : new NoSuchFileException(dir.toString());
      }
      describe(lane, ProjectedPath.ROOT.resolve(singleFileName))
          .ifPresent(info -> entries.put(singleFileName, info));
      return Listing.of(entries, collation);
    }
    FileObject folder = lane.resolve(dir);
    folder.refresh();
    FileType type = folder.getType();
    if (type == FileType.IMAGINARY) {
      throw new NoSuchFileException(dir.toString());
    }
    if (!type.hasChildren()) {
      throw new NotDirectoryException(dir.toString());
    }
    List<String> skipped = new ArrayList<>();
    for (FileObject child : folder.getChildren()) {
      String name = Connector.nameOf(child);
      if (!FileNames.isValidName(name)) {
        skipped.add(name);
        continue;
      }
      if (child.isSymbolicLink()) {
        child.refresh(); // the listing described the link; show what it points to
      }
      PlaceholderInfo info = Attributes.of(child);
      if (info != null) {
        entries.put(name, info);
      }
    }
    warnSkipped(dir, skipped);
    return Listing.of(entries, collation);
  }

  private Listing loadSftp(ProjectedPath dir, Collation collation) throws IOException {
    Map<String, PlaceholderInfo> entries = sftp.list(dir);
    List<String> skipped = new ArrayList<>();
    entries.keySet().removeIf(name -> !FileNames.isValidName(name) && skipped.add(name));
    warnSkipped(dir, skipped);
    return Listing.of(entries, collation);
  }

  private void warnSkipped(ProjectedPath dir, List<String> skipped) {
    if (!skipped.isEmpty()) {
      log.warn("{}/{}: skipped {} names that are not valid file names, e.g. \"{}\"", description,
          Printable.of(dir.toString()), skipped.size(), Printable.of(skipped.get(0)));
    }
  }

  /** What {@code path} of the sftp source is now, as {@link #describe(Lane, ProjectedPath)}. */
  private Optional<PlaceholderInfo> describeSftp(ProjectedPath path) throws Exception {
    if (metadata.listedRecently(path.parent())) {
      ProjectedPath dir = path.parent();
      return Optional.ofNullable(
          metadata.listing(dir, () -> loadSftp(dir, collation)).find(path.name()));
    }
    return metadata.item(path, () -> sftp.describe(path));
  }

  /** What {@code path} is now (from its directory's listing or the metadata cache), or empty. */
  private Optional<PlaceholderInfo> describe(Lane lane, ProjectedPath path) throws Exception {
    Listing parent = path.isRoot() ? null : metadata.cachedListing(path.parent());
    if (parent == null && !path.isRoot() && metadata.listedRecently(path.parent())) {
      ProjectedPath dir = path.parent();
      parent = metadata.listing(dir, () -> load(lane, dir, collation));
    }
    if (parent != null) {
      return Optional.ofNullable(parent.find(path.name()));
    }
    return metadata.item(path, () -> {
      FileObject file = lane.resolve(path);
      if (file == null) {
        return Optional.empty();
      }
      file.refresh();
      return Optional.ofNullable(Attributes.of(file));
    });
  }

  /** Runs {@code work} on the least busy lane, blocking. */
  private <T> T call(Command command, ProjectedPath path, Lanes.Work<Lane, T, Exception> work)
      throws IOException {
    return blocking(command, path, () -> lanes.onLeastBusy(lane -> lane.exclusively(work)));
  }

  /** Runs remote {@code work} without holding an engine slot; failures as JDK exceptions. */
  private <T> T blocking(Command command, ProjectedPath path, Callable<T> work) throws IOException {
    try {
      return command.blocking(work);
    } catch (IOException | RuntimeException e) {
      throw errors.translate(e, path);
    }
  }
}
