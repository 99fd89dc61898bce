package dev.holofs.vfs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How {@link VfsProvider#open} reaches a Commons VFS source: its URI, how many lanes (independent
 * connections), how long metadata is trusted, and the credentials. The password is held as a char
 * array, copied on the way in and out, and never appears in {@link #toString()} or any message.
 */
public final class VfsOptions {

  /**
   * Lanes a remote source reached through Commons VFS (every remote scheme but an sftp directory,
   * a single sftp file included) gets unless told otherwise.
   */
  public static final int DEFAULT_LANES = 4;

  /**
   * Lanes an sftp directory gets unless told otherwise. Each lane's connection carries any number
   * of requests at once, so more lanes only add server processes (OpenSSH: one sftp-server each)
   * and logins; on the 2-core machine measured (benchmarks/vfs) two were ahead of one on
   * sequential and random reads and ls -l, one ahead on find and reading every small file, and
   * four behind both.
   */
  public static final int DEFAULT_SFTP_LANES = 2;

  /** The most independent connections a source may be given (the fewest is 1). */
  public static final int MAX_LANES = 64;

  private final String uri;
  private final int lanes;
  private final Duration metadataTimeout;
  private final List<Path> identities;
  private final char[] password;
  private final boolean checkHostKeys;
  private final Path knownHosts;
  private final Duration connectTimeout;
  private final Duration silenceTimeout;
  private final Duration idleHandleTimeout;

  private VfsOptions(Builder b) {
    this.uri = b.uri;
    this.lanes = b.lanes;
    this.metadataTimeout = b.metadataTimeout;
    this.identities = List.copyOf(b.identities);
    this.password = b.password == null ? null : b.password.clone();
    this.checkHostKeys = b.checkHostKeys;
    this.knownHosts = b.knownHosts;
    this.connectTimeout = b.connectTimeout;
    this.silenceTimeout = b.silenceTimeout;
    this.idleHandleTimeout = b.idleHandleTimeout;
  }

  /** Options for the source at {@code uri}, e.g. {@code sftp://user@host/srv/data} or {@code tgz:file:///a.tgz}. */
  public static Builder builder(String uri) {
    return new Builder(uri);
  }

  /** The source's URI as given (it may hold a password: never print it; see {@link VfsProvider#describe}). */
  public String uri() { return uri; }
  /**
   * Independent connections for a remote source as set, or 0: the default of what serves the
   * source ({@value #DEFAULT_SFTP_LANES} for an sftp directory, {@value #DEFAULT_LANES} for other
   * remote sources); local and in-memory sources use one.
   */
  public int lanes() { return lanes; }
  /** How long an sftp file handle no read uses stays open on the server. */
  Duration idleHandleTimeout() { return idleHandleTimeout; }
  /** How long listings and attributes are trusted before the source is asked again. */
  public Duration metadataTimeout() { return metadataTimeout; }
  /** Private keys for sftp; empty: the user's default keys. */
  public List<Path> identities() { return identities; }
  /** The password (a copy), or null to use the URI's or none. */
  public char[] password() { return password == null ? null : password.clone(); }
  /** Whether sftp host keys must match {@link #knownHosts()} (true unless explicitly turned off). */
  public boolean checkHostKeys() { return checkHostKeys; }
  /** The known_hosts file sftp host keys are checked against. */
  public Path knownHosts() { return knownHosts; }
  /** How long connecting may take. */
  public Duration connectTimeout() { return connectTimeout; }
  /** How long a server may stay silent before its connection is taken for dead (sftp: twice, with a keepalive between). */
  public Duration silenceTimeout() { return silenceTimeout; }

  @Override
  public String toString() {
    return "VfsOptions[lanes=" + lanes + ", metadataTimeout=" + metadataTimeout
        + ", identities=" + identities.size() + ", password=" + (password != null ? "set" : "none")
        + ", checkHostKeys=" + checkHostKeys + "]";
  }

  /** Builds {@link VfsOptions}. */
  public static final class Builder {
    private final String uri;
    private int lanes; // 0: the default of what serves the source
    private Duration metadataTimeout = Duration.ofSeconds(1);
    private List<Path> identities = List.of();
    private char[] password;
    private boolean checkHostKeys = true;
    private Path knownHosts = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    private Duration connectTimeout = Duration.ofSeconds(15);
    private Duration silenceTimeout = Duration.ofSeconds(15);
    private Duration idleHandleTimeout = OpenFiles.IDLE;

    private Builder(String uri) {
      this.uri = Objects.requireNonNull(uri, "uri");
    }

    /**
     * Independent connections, 1 to {@value VfsOptions#MAX_LANES}; by default {@value
     * VfsOptions#DEFAULT_SFTP_LANES} for an sftp directory and {@value VfsOptions#DEFAULT_LANES}
     * for other remote sources.
     */
    public Builder lanes(int lanes) {
      if (lanes < 1 || lanes > MAX_LANES) {
        throw new IllegalArgumentException("lanes must be 1 to " + MAX_LANES + ": " + lanes);
      }
      this.lanes = lanes;
      return this;
    }

    /** How long listings and attributes are trusted; pass the mount's cache timeout. 1 s by default. */
    public Builder metadataTimeout(Duration timeout) {
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("negative timeout: " + timeout);
      }
      this.metadataTimeout = timeout;
      return this;
    }

    /** Private key files for sftp, tried in order; none: the user's default keys. */
    public Builder identities(List<Path> identities) {
      this.identities = List.copyOf(identities);
      return this;
    }

    /** The password (copied; the caller may clear its array afterwards). */
    public Builder password(char[] password) {
      this.password = password == null ? null : password.clone();
      return this;
    }

    /** Whether sftp host keys are checked against the known_hosts file; true by default. */
    public Builder checkHostKeys(boolean check) {
      this.checkHostKeys = check;
      return this;
    }

    /** The known_hosts file; {@code ~/.ssh/known_hosts} by default. */
    public Builder knownHosts(Path file) {
      this.knownHosts = Objects.requireNonNull(file);
      return this;
    }

    /** How long connecting may take; 15 s by default. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /**
     * How long a server may stay silent before its connection is dropped and the requests waiting
     * on it fail (a hung server must not hang the mount); 15 s by default.
     */
    public Builder silenceTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("silence timeout must be positive: " + timeout);
      }
      this.silenceTimeout = timeout;
      return this;
    }

    /** How long an sftp file handle no read uses stays open (tests make it short or long). */
    Builder idleHandleTimeout(Duration timeout) {
      this.idleHandleTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** The options. */
    public VfsOptions build() {
      return new VfsOptions(this);
    }
  }
}
