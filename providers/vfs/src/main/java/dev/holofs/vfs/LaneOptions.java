package dev.holofs.vfs;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.vfs2.FileSystem;
import org.apache.commons.vfs2.FileSystemConfigBuilder;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.FileSystemOptions;
import org.apache.commons.vfs2.auth.StaticUserAuthenticator;
import org.apache.commons.vfs2.impl.DefaultFileSystemConfigBuilder;
import org.apache.commons.vfs2.provider.AbstractFileSystem;
import org.apache.commons.vfs2.provider.ftp.FtpFileSystemConfigBuilder;
import org.apache.commons.vfs2.provider.sftp.SftpFileSystemConfigBuilder;

/**
 * The {@link FileSystemOptions} of one lane. Commons VFS keeps one {@link FileSystem} per root and
 * set of options, so options that differ only in a lane number give each lane its own file system,
 * with its own lock and its own connection.
 */
final class LaneOptions extends FileSystemConfigBuilder {

  private static final LaneOptions INSTANCE = new LaneOptions();

  private LaneOptions() {
    super("holofs.");
  }

  @Override
  protected Class<? extends FileSystem> getConfigClass() {
    return AbstractFileSystem.class;
  }

  /** Lane {@code lane}'s options for {@code scheme} (the URI's outer scheme, lower case). */
  static FileSystemOptions of(VfsOptions options, String scheme, String uriUser, int lane)
      throws FileSystemException {
    FileSystemOptions fso = new FileSystemOptions();
    INSTANCE.setParam(fso, "lane", lane);
    char[] password = options.password();
    boolean sftp = scheme.equals("sftp");
    if (password != null || sftp) {
      // sftp needs a user name: the URI's, else the local one, as ssh does.
      String user = uriUser != null ? uriUser : System.getProperty("user.name");
      DefaultFileSystemConfigBuilder.getInstance().setUserAuthenticator(fso,
          new StaticUserAuthenticator(null, user, password == null ? null : new String(password)));
    }
    if (sftp) {
      SftpFileSystemConfigBuilder b = SftpFileSystemConfigBuilder.getInstance();
      b.setUserDirIsRoot(fso, false); // the URI's path is absolute on the server
      b.setStrictHostKeyChecking(fso, options.checkHostKeys() ? "yes" : "no");
      b.setKnownHosts(fso, options.knownHosts().toFile());
      b.setIdentities(fso, identities(options).toArray(File[]::new));
      b.setConnectTimeout(fso, options.connectTimeout());
      // jsch sends a keepalive after this much silence and drops the session after twice as much,
      // failing what waits on it; Commons VFS reconnects on the next call.
      b.setSessionTimeout(fso, options.silenceTimeout());
      // Permissions come from the listing; asking the server for our uid (an exec channel) is not needed.
      b.setDisableDetectExecChannel(fso, true);
    } else if (scheme.equals("ftp") || scheme.equals("ftps")) {
      FtpFileSystemConfigBuilder b = FtpFileSystemConfigBuilder.getInstance();
      b.setUserDirIsRoot(fso, false);
      b.setPassiveMode(fso, true);
      b.setConnectTimeout(fso, options.connectTimeout());
      b.setSoTimeout(fso, options.silenceTimeout());
    }
    return fso;
  }

  /** The given keys, else those of ~/.ssh that exist (Commons VFS alone would try only id_rsa). */
  private static List<File> identities(VfsOptions options) {
    List<File> files = new ArrayList<>();
    if (!options.identities().isEmpty()) {
      options.identities().forEach(p -> files.add(p.toFile()));
      return files;
    }
    Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
    for (String name : new String[] {"id_ed25519", "id_ecdsa", "id_rsa"}) {
      Path key = ssh.resolve(name);
      if (Files.isReadable(key)) {
        files.add(key.toFile());
      }
    }
    return files;
  }
}
