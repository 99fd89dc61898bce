package dev.holofs.vfs;


import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SFTP server on loopback (Apache MINA SSHD) serving a local directory: a generated host
 * key, one user with a password and one authorised client key.
 */
final class SftpServer implements AutoCloseable {

  static final String USER = "holo";
  static final String PASSWORD = "pw-Zq81-never-shown";

  private final Path root;
  private final Path hostKey;
  private final KeyPair clientKey;
  private final AtomicInteger logins = new AtomicInteger();
  private final AtomicInteger sftpSessions = new AtomicInteger();
  private final AtomicInteger fileOpens = new AtomicInteger();
  private final AtomicInteger dirOpens = new AtomicInteger();
  private final AtomicInteger reads = new AtomicInteger();
  private final AtomicInteger maxReadLength = new AtomicInteger();
  private final Map<String, AtomicInteger> openFiles = new ConcurrentHashMap<>();
  private Path knownHostsFile;
  private SshServer sshd;
  private int port;

  private SftpServer(Path root, Path work) throws GeneralSecurityException {
    this.root = root;
    this.hostKey = work.resolve("host-key.ser");
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    this.clientKey = generator.generateKeyPair();
  }

  /** A started server for {@code root}, keeping its key files in {@code work}. */
  static SftpServer start(Path root, Path work) throws IOException, GeneralSecurityException {
    SftpServer server = new SftpServer(root, work);
    server.start();
    return server;
  }

  /**
   * A started server for {@code work/served}, which holds the test tree ({@link Trees}) in
   * {@code tree/}, with {@code work/known_hosts} trusting it. Files added under {@link #served()}
   * later are served too.
   */
  static SftpServer serveTree(Path work) throws IOException, GeneralSecurityException {
    Path served = Files.createDirectories(work.resolve("served"));
    Trees.write(served.resolve("tree"));
    SftpServer server = start(served, work);
    server.knownHosts(work.resolve("known_hosts"));
    return server;
  }

  /** The directory served as {@code /}. */
  Path served() {
    return root;
  }

  /** The known_hosts file last written by {@link #knownHosts(Path)}. */
  Path knownHosts() {
    return knownHostsFile;
  }

  private void start() throws IOException {
    SshServer s = SshServer.setUpDefaultServer();
    s.setHost("127.0.0.1");
    s.setPort(0);
    SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(hostKey);
    keys.setAlgorithm(KeyUtils.EC_ALGORITHM);
    keys.setKeySize(256);
    s.setKeyPairProvider(keys);
    s.setPasswordAuthenticator((user, password, session) ->
        USER.equals(user) && PASSWORD.equals(password) && logins.incrementAndGet() > 0);
    s.setPublickeyAuthenticator((user, key, session) ->
        USER.equals(user) && KeyUtils.compareKeys(key, clientKey.getPublic()));
    s.setFileSystemFactory(new VirtualFileSystemFactory(root));
    SftpSubsystemFactory sftp = new SftpSubsystemFactory();
    sftp.addSftpEventListener(new SftpEventListener() {
      @Override
      public void initialized(ServerSession session, int version) {
        sftpSessions.incrementAndGet();
      }

      @Override
      public void open(ServerSession session, String remoteHandle, Handle localHandle) {
        if (localHandle instanceof FileHandle) {
          fileOpens.incrementAndGet();
          openFiles.computeIfAbsent(name(localHandle), n -> new AtomicInteger()).incrementAndGet();
        } else {
          dirOpens.incrementAndGet();
        }
      }

      @Override
      public void closed(ServerSession session, String remoteHandle, Handle localHandle,
          Throwable thrown) {
        if (localHandle instanceof FileHandle) {
          openFiles.computeIfAbsent(name(localHandle), n -> new AtomicInteger()).decrementAndGet();
        }
      }

      @Override
      public void reading(ServerSession session, String remoteHandle, FileHandle localHandle,
          long offset, byte[] data, int dataOffset, int dataLen) {
        reads.incrementAndGet();
      }

      @Override
      public void read(ServerSession session, String remoteHandle, FileHandle localHandle,
          long offset, byte[] data, int dataOffset, int dataLen, int readLen, Throwable thrown) {
        maxReadLength.accumulateAndGet(readLen, Math::max);
      }
    });
    s.setSubsystemFactories(List.of(sftp));
    s.start();
    sshd = s;
    port = s.getPort();
  }

  int port() {
    return port;
  }

  /** {@code sftp://USER@127.0.0.1:PORT/path}: the server serves {@code root} as {@code /}. */
  String uri(String path) {
    return uri(port, path);
  }

  /** The same URI through another port (a {@link Relay} in front of this server). */
  static String uri(int port, String path) {
    return "sftp://" + USER + "@127.0.0.1:" + port + "/" + path;
  }

  /** Password logins so far (one per lane connected). */
  int logins() {
    return logins.get();
  }

  /** SFTP sessions started so far (with OpenSSH, one sftp-server process each). */
  int sftpSessions() {
    return sftpSessions.get();
  }

  /** Files opened so far (directories not counted). */
  int fileOpens() {
    return fileOpens.get();
  }

  /** Handles of the file named {@code name} open now. */
  int openHandles(String name) {
    AtomicInteger n = openFiles.get(name);
    return n == null ? 0 : n.get();
  }

  private static String name(Handle handle) {
    return handle.getFile().getFileName().toString();
  }

  /** Directories opened (for listing) so far. */
  int dirOpens() {
    return dirOpens.get();
  }

  /** READ requests served so far. */
  int reads() {
    return reads.get();
  }

  /** The most bytes one READ has returned so far. */
  int maxReadLength() {
    return maxReadLength.get();
  }

  /** Writes a known_hosts file that trusts this server's host key. */
  Path knownHosts(Path file) throws IOException, GeneralSecurityException {
    return knownHosts(file, port);
  }

  /** Writes a known_hosts file that trusts this server's host key on {@code port}. */
  Path knownHosts(Path file, int port) throws IOException, GeneralSecurityException {
    PublicKey key = sshd.getKeyPairProvider().loadKeys(null).iterator().next().getPublic();
    Files.writeString(file, "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(key) + "\n");
    if (port == this.port) {
      knownHostsFile = file;
    }
    return file;
  }

  /** Writes the authorised client key in OpenSSH format, readable by ssh clients. */
  Path clientKey(Path file) throws IOException, GeneralSecurityException {
    try (OutputStream out = Files.newOutputStream(file)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "holofs test", null, out);
    }
    return file;
  }

  @Override
  public void close() throws IOException {
    if (sshd != null) {
      sshd.stop(true);
    }
  }
}
