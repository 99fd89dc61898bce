package dev.holofs.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code holofs mount} options that only {@code vfs:} sources use (credentials, lanes). */
final class VfsOptionsMixin {

  @Option(names = "--identity", paramLabel = "FILE",
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

  @Option(names = "--known-hosts", paramLabel = "FILE",
      description = "vfs: the known_hosts file sftp host keys are checked against. Default: "
          + "~/.ssh/known_hosts.")
  Path knownHosts;

  @Option(names = "--lanes", paramLabel = "N",
      description = "vfs: independent connections to a remote source (1 to 64). Default: "
          + dev.holofs.vfs.VfsOptions.DEFAULT_SFTP_LANES + " for an sftp directory, "
          + dev.holofs.vfs.VfsOptions.DEFAULT_LANES + " for other remote sources.")
  Integer lanes; // null: the default of what serves the source
}
