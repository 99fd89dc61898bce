package dev.holofs.cli;

import dev.holofs.spi.OpeningProvider;
import dev.holofs.vfs.VfsOptions;
import dev.holofs.vfs.VfsProvider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Arrays;

/**
 * {@code vfs:URI}: any Apache Commons VFS source, read-only, through {@link VfsProvider}:
 * {@code vfs:sftp://user@host/srv/data}, {@code vfs:tgz:file:///srv/logs.tgz}.
 */
final class VfsSource implements SourceType {

  private final VfsOptionsMixin options;
  private final Duration cacheTimeout;

  /** With default options (for listing). */
  VfsSource() {
    this(new VfsOptionsMixin(), null);
  }

  /** With the mount's options; metadata is trusted as long as the kernel caches it ({@code cacheTimeout}, null: 1 s). */
  VfsSource(VfsOptionsMixin options, Duration cacheTimeout) {
    this.options = options;
    this.cacheTimeout = cacheTimeout;
  }

  @Override
  public String scheme() {
    return "vfs";
  }

  @Override
  public String usage() {
    return "vfs:URI";
  }

  @Override
  public String summary() {
    return "any Apache Commons VFS source, read-only: sftp, ftp, ftps, http, https, tar, tgz, tbz2,"
        + " zip, jar, ram, file (e.g. vfs:sftp://user@host/srv/data, vfs:tgz:file:///srv/logs.tgz)";
  }

  @Override
  public OpenSource open(String argument) throws UserException, IOException {
    if (argument.isEmpty()) {
      throw new UserException("vfs: needs a URI: vfs:URI, e.g. vfs:sftp://user@host/srv/data");
    }
    VfsOptions.Builder builder = VfsOptions.builder(argument)
        .identities(options.identities)
        .checkHostKeys(!options.noHostKeyCheck);
    if (options.lanes != null) {
      try {
        builder.lanes(options.lanes); // the range is the builder's to check
      } catch (IllegalArgumentException e) {
        throw new UserException(
            "--lanes must be 1 to " + VfsOptions.MAX_LANES + " (got " + options.lanes + ")");
      }
    }
    if (options.knownHosts != null) {
      builder.knownHosts(options.knownHosts);
    }
    if (cacheTimeout != null) {
      builder.metadataTimeout(cacheTimeout);
    }
    for (var identity : options.identities) {
      if (!Files.isReadable(identity)) {
        throw new UserException("--identity " + identity + ": no such readable file");
      }
    }
    if (options.passwordFile != null) {
      char[] password = readPassword();
      builder.password(password);
      Arrays.fill(password, '\0');
    }
    // The source is connected to while the mount is made; one that cannot be opened then ends
    // the mount with the same one-line error.
    OpeningProvider<VfsProvider> provider = VfsProvider.openInBackground(builder.build());
    return new OpenSource(provider, provider, mount -> { }, () -> {
      try {
        provider.awaitOpened();
      } catch (IOException e) {
        // The provider's messages name the source without its password.
        throw new UserException("vfs:" + Failures.oneLine(e), e);
      }
    });
  }

  /** The first line of the password file, as characters (no String to linger). */
  private char[] readPassword() throws UserException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(options.passwordFile);
    } catch (NoSuchFileException e) {
      throw new UserException("--password-file " + options.passwordFile + ": no such file");
    } catch (IOException e) {
      throw new UserException("--password-file " + options.passwordFile + ": cannot read it ("
          + e.getClass().getSimpleName() + ")");
    }
    CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
    Arrays.fill(bytes, (byte) 0);
    int end = 0;
    while (end < chars.limit() && chars.get(end) != '\n' && chars.get(end) != '\r') {
      end++;
    }
    char[] password = new char[end];
    chars.get(password, 0, end);
    Arrays.fill(chars.array(), '\0');
    if (password.length == 0) {
      throw new UserException("--password-file " + options.passwordFile + ": the first line is empty");
    }
    return password;
  }
}
