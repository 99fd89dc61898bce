package dev.holofs.cli;

import dev.holofs.vfs.VfsOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** The {@code holofs mount} options that only {@code vfs:} sources use (credentials, lanes). */
final class VfsOptionsMixin {

  static final String IDENTITY = "--identity";
  static final String KNOWN_HOSTS = "--known-hosts";
  static final String LANES = "--lanes";
  /**
   * The only options an early login ({@link #scan}) allows: they name keys, known hosts and lanes,
   * read the same by both. Any other option of a mount (a password file, no host-key check, a
   * cache timeout, the mount's own, another source's) means no early login.
   */
  private static final Set<String> EARLY = Set.of(IDENTITY, KNOWN_HOSTS, LANES);

  @Option(names = IDENTITY, paramLabel = "FILE",
      description = "vfs: an ssh private key for sftp (repeatable). Default: ~/.ssh/id_ed25519, "
          + "id_ecdsa, id_rsa.")
  List<Path> identities = new ArrayList<>();

  @Option(names = "--password-file", paramLabel = "FILE",
      description = "vfs: read the password from the first line of FILE (never shown or logged).")
  Path passwordFile;

  @Option(names = "--no-host-key-check",
      description = "vfs: do not check the sftp server's host key against ~/.ssh/known_hosts "
          + "(checked by default; only for hosts you trust on a network you trust).")
  boolean noHostKeyCheck;

  @Option(names = KNOWN_HOSTS, paramLabel = "FILE",
      description = "vfs: the known_hosts file sftp host keys are checked against. Default: "
          + "~/.ssh/known_hosts.")
  Path knownHosts;

  @Option(names = LANES, paramLabel = "N",
      description = "vfs: independent connections to a remote source (1 to "
          + VfsOptions.MAX_LANES + "). Default: " + VfsOptions.DEFAULT_SFTP_LANES
          + " for an sftp directory, " + VfsOptions.DEFAULT_LANES + " for other remote sources.")
  Integer lanes; // null: the default of what serves the source

  /**
   * The vfs options of a {@code mount vfs:URI MOUNTPOINT} command line read without picocli
   * ({@code early}, from {@link EarlyArgs#read}), for a login begun early ({@link EarlyStart});
   * null if it gives any option but {@code --identity}, {@code --known-hosts} and {@code --lanes}
   * (each at most once, as {@code --opt VALUE}: EarlyArgs), or a lane count picocli might read
   * otherwise than as plain digits. So the early login uses keys and a known_hosts file only as
   * given, checks host keys as the mount would, and the mount takes it only if picocli read the
   * same ({@link #key}); a lane count out of range fails the early opening as it fails the mount's.
   */
  static VfsOptionsMixin scan(EarlyArgs early) {
    if (!EARLY.containsAll(early.names())) {
      return null;
    }
    VfsOptionsMixin options = new VfsOptionsMixin();
    try {
      if (early.has(IDENTITY)) {
        options.identities.add(Path.of(early.value(IDENTITY)));
      }
      options.knownHosts = early.has(KNOWN_HOSTS) ? Path.of(early.value(KNOWN_HOSTS)) : null;
      if (early.has(LANES)) {
        String lanes = early.value(LANES);
        if (!lanes.matches("[1-9][0-9]{0,8}")) { // fits an int, read as picocli reads it
          return null;
        }
        options.lanes = Integer.parseInt(lanes);
      }
    } catch (RuntimeException e) { // a path this file system refuses
      return null;
    }
    return options;
  }

  /**
   * The options' values and the mount's cache timeout (null: none given): two that say the same
   * open the same source the same way. The timeout is a second guard: {@link #scan} already
   * refuses {@code --cache-timeout}, so the early side always passes null.
   */
  List<Object> key(Duration cacheTimeout) {
    return Arrays.asList(identities, passwordFile, noHostKeyCheck, knownHosts, lanes, cacheTimeout);
  }
}
