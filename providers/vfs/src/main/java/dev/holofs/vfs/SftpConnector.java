package dev.holofs.vfs;

import dev.holofs.spi.ProjectedPath;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens an {@code sftp://} directory as an {@link SftpSource}: lanes connected by Commons VFS's
 * sftp client factory with the options a Commons VFS sftp file system would get, the root checked
 * with one STAT on lane 0, the other lanes connected in the background. Sources this does not take
 * (a URI {@link URI} cannot parse, a single file) go through Commons VFS as every other scheme.
 */
final class SftpConnector {

  private static final int SSH_PORT = 22;
  private static final Duration FIRST_LISTING_WAIT = Duration.ofSeconds(2);

  private SftpConnector() {}

  /** The provider, or null if the source is to be opened through Commons VFS instead. */
  static VfsProvider open(VfsOptions options, String shown, VfsErrors errors) throws IOException {
    URI uri;
    try {
      uri = new URI(options.uri());
    } catch (URISyntaxException e) {
      return null;
    }
    if (uri.getHost() == null || uri.getPath() == null) {
      return null;
    }
    String userInfo = uri.getUserInfo();
    String uriUser = userInfo == null ? null : userInfo.split(":", 2)[0];
    String user = uriUser != null ? uriUser : System.getProperty("user.name");
    char[] password = options.password();
    if (password == null && userInfo != null && userInfo.contains(":")) {
      password = userInfo.substring(userInfo.indexOf(':') + 1).toCharArray();
    }
    int port = uri.getPort() > 0 ? uri.getPort() : SSH_PORT;
    String root = uri.getPath().isEmpty() ? "/" : uri.getPath();
    List<SftpLane> lanes = new ArrayList<>();
    int count = options.lanes() > 0 ? options.lanes() : VfsOptions.DEFAULT_SFTP_LANES;
    for (int i = 0; i < count; i++) {
      lanes.add(SftpLane.of(uri.getHost(), port, user, password,
          LaneOptions.of(options, "sftp", uriUser, i), options.silenceTimeout().multipliedBy(2)));
    }
    SftpSource source = new SftpSource(lanes, root, options.metadataTimeout(),
        options.idleHandleTimeout());
    try {
      SftpAttrs top = SftpSource.stat(lanes.get(0).channel(), source.remote(ProjectedPath.ROOT));
      if (!top.isDirectory()) {
        source.close();
        return null; // one file: Commons VFS shows it as the only entry
      }
    } catch (NoSuchFileException e) {
      source.close();
      throw new NoSuchFileException(shown, null, "no such file or directory");
    } catch (IOException | RuntimeException e) {
      source.close();
      throw errors.translate(e, ProjectedPath.ROOT);
    }
    // The other lanes connect once the mount is listable (or soon anyway): their handshakes would
    // only compete with the first listings for the processor.
    Connector.inBackground(() -> source.awaitFirstListing(FIRST_LISTING_WAIT),
        lanes.subList(1, lanes.size()), SftpLane::channel);
    return new VfsProvider(source, shown, options.password(), options.metadataTimeout());
  }
}
