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
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SFTP server on loopback (Apache MINA SSHD) serving a local directory: a generated host
 * key, one user with a password and one authorised client key. Stoppable and restartable on the
 * same port and host key, to test a connection dropped under a mount.
 */
final class SftpServer implements AutoCloseable {

  static final String USER = "holo";
  static final String PASSWORD = "pw-Zq81-never-shown";

  private final Path root;
  private final Path hostKey;
  private final KeyPair clientKey;
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
    server.startOn(0);
    return server;
  }

  private void startOn(int requestedPort) throws IOException {
    SshServer s = SshServer.setUpDefaultServer();
    s.setHost("127.0.0.1");
    s.setPort(requestedPort);
    SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(hostKey);
    keys.setAlgorithm(KeyUtils.EC_ALGORITHM);
    keys.setKeySize(256);
    s.setKeyPairProvider(keys);
    s.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
    s.setPublickeyAuthenticator((user, key, session) ->
        USER.equals(user) && KeyUtils.compareKeys(key, clientKey.getPublic()));
    s.setFileSystemFactory(new VirtualFileSystemFactory(root));
    s.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
    s.start();
    sshd = s;
    port = s.getPort();
  }

  int port() {
    return port;
  }

  /** {@code sftp://USER@127.0.0.1:PORT/path}: the server serves {@code root} as {@code /}. */
  String uri(String path) {
    return "sftp://" + USER + "@127.0.0.1:" + port + "/" + path;
  }

  /** Sessions open now (one per lane connected). */
  int activeSessions() {
    return sshd.getActiveSessions().size();
  }

  /** Writes a known_hosts file that trusts this server's host key. */
  Path knownHosts(Path file) throws IOException, GeneralSecurityException {
    PublicKey key = sshd.getKeyPairProvider().loadKeys(null).iterator().next().getPublic();
    Files.writeString(file, "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(key) + "\n");
    return file;
  }

  /** Writes the authorised client key in OpenSSH format, readable by ssh clients. */
  Path clientKey(Path file) throws IOException, GeneralSecurityException {
    try (OutputStream out = Files.newOutputStream(file)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "holofs test", null, out);
    }
    return file;
  }

  /** Stops the server, dropping every connection. */
  void stop() throws IOException {
    sshd.stop(true);
  }

  /** Starts again on the same port with the same host key. */
  void restart() throws IOException {
    startOn(port);
  }

  @Override
  public void close() throws IOException {
    if (sshd != null) {
      sshd.stop(true);
    }
  }
}
