package dev.holofs.vfs;

import dev.holofs.spi.FileNames;
import dev.holofs.spi.Printable;
import dev.holofs.spi.ProjectedPath;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.vfs2.Capability;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.FileType;
import org.apache.commons.vfs2.impl.StandardFileSystemManager;
import org.apache.commons.vfs2.provider.UriParser;

/** Opens a {@link VfsProvider} from {@link VfsOptions}: a file system manager, lanes, the root checked. */
final class Connector {

  /** Schemes whose file system is a connection to a server: these get several lanes. */
  private static final Set<String> REMOTE = Set.of("sftp", "ftp", "ftps", "http", "https",
      "http4", "http4s", "http5", "http5s", "webdav", "webdav4", "webdav4s");

  private static final Pattern USER = Pattern.compile("^[a-zA-Z][\\w+.-]*://([^/@:]+)(:[^/@]*)?@");

  private Connector() {}

  static VfsProvider open(VfsOptions options) throws IOException {
    String uri = options.uri();
    String shown = Printable.of(Printable.withoutPassword(uri));
    String scheme = scheme(uri);
    if (scheme == null) {
      throw new IOException(shown + ": not a URI; expected SCHEME:..., e.g. sftp://host/path");
    }
    VfsErrors errors = new VfsErrors(shown, options.password());
    if ("sftp".equals(scheme)) {
      VfsProvider direct = SftpConnector.open(options, shown, errors);
      if (direct != null) {
        return direct;
      }
    }
    StandardFileSystemManager manager = new StandardFileSystemManager();
    try {
      manager.init();
      if (!manager.hasProvider(scheme)) {
        throw new IOException(shown + ": unknown scheme '" + Printable.of(scheme)
            + "' (known: " + String.join(", ", new TreeSet<>(List.of(manager.getSchemes()))) + ")");
      }
      Matcher user = USER.matcher(uri);
      String uriUser = user.find() ? user.group(1) : null;
      Lane.Opener opener = lane -> manager.resolveFile(uri,
          LaneOptions.of(options, scheme, uriUser, lane));
      FileObject root = opener.open(0);
      FileType type = root.getType();
      if (type == FileType.IMAGINARY) {
        throw new NoSuchFileException(shown, null, "no such file or directory");
      }
      String single = type == FileType.FILE ? singleName(root) : null;
      boolean randomAccess = root.getFileSystem().hasCapability(Capability.RANDOM_ACCESS_READ);
      int count = !REMOTE.contains(scheme) || !randomAccess ? 1
          : options.lanes() > 0 ? options.lanes() : VfsOptions.DEFAULT_LANES;
      List<Lane> lanes = new ArrayList<>();
      lanes.add(new Lane(0, opener, root, single));
      for (int i = 1; i < count; i++) {
        lanes.add(new Lane(i, opener, null, single));
      }
      connectInBackground(lanes.subList(1, lanes.size()));
      return new VfsProvider(manager, lanes, single, shown, options.password(),
          options.metadataTimeout(), randomAccess);
    } catch (NoSuchFileException e) {
      manager.close();
      throw e;
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e.getMessage() != null && e.getMessage().startsWith(shown)
          ? new IOException(errors.message(e)) : errors.translate(e, ProjectedPath.ROOT);
    }
  }

  /** The scheme of {@code uri}, lower case, or null if it has none. */
  private static String scheme(String uri) {
    int colon = uri.indexOf(':');
    return colon <= 0 ? null : uri.substring(0, colon).toLowerCase(Locale.ROOT);
  }

  /** Whether {@code uri} is an sftp one (an sftp directory is served by {@link SftpConnector}). */
  static boolean isSftp(String uri) {
    return "sftp".equals(scheme(uri));
  }

  /**
   * Connects the other lanes while the mount starts, so the first burst of concurrent requests
   * does not wait for handshakes. A lane that fails here connects again when first used.
   */
  private static void connectInBackground(List<Lane> lanes) {
    inBackground(() -> { }, lanes, Lane::root);
  }

  /** A connection step that may fail. */
  interface Step<T> {
    void run(T lane) throws IOException;
  }

  /** Runs {@code first}, then {@code connect} on each of {@code lanes}, in a daemon thread; a failure stops it. */
  static <T> void inBackground(Runnable first, List<T> lanes, Step<T> connect) {
    if (lanes.isEmpty()) {
      return;
    }
    Thread connector = new Thread(() -> {
      first.run();
      for (T lane : lanes) {
        try {
          connect.run(lane);
        } catch (IOException | RuntimeException e) {
          return; // reported by the request that uses the lane
        }
      }
    }, "holofs-vfs-connect");
    connector.setDaemon(true);
    connector.start();
  }

  /** The decoded last name of {@code file} (Commons VFS keeps names URI-encoded: "100%25"). */
  static String nameOf(FileObject file) throws FileSystemException {
    return UriParser.decode(file.getName().getBaseName());
  }

  /** The name a single-file source is shown under: its base name, or {@code index} if it has none. */
  static String singleName(FileObject file) throws FileSystemException {
    String name = nameOf(file);
    return FileNames.isValidName(name) ? name : "index";
  }
}
