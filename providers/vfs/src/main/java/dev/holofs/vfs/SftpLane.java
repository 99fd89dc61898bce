package dev.holofs.vfs;

import com.jcraft.jsch.Session;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.FileSystemOptions;
import org.apache.commons.vfs2.provider.sftp.SftpClientFactory;

/**
 * One ssh connection of an sftp source and the one {@link SftpChannel} every request of the lane
 * shares. The connection is made by Commons VFS's own sftp client factory from the lane's
 * {@link FileSystemOptions} (keys, known hosts, timeouts: what a Commons VFS sftp file system would
 * use); once it drops, the requests in flight fail and the next one connects again.
 */
final class SftpLane implements Lanes.Counted {

  /** Makes a new ssh session. */
  interface Connect {
    Session connect() throws FileSystemException;
  }

  private final Connect connect;
  private final Duration timeout;
  private final AtomicInteger inFlight = new AtomicInteger();
  private Session session;
  private SftpChannel channel;
  private boolean closed;

  SftpLane(Connect connect, Duration timeout) {
    this.connect = connect;
    this.timeout = timeout;
  }

  /** A lane connecting to {@code host:port} as {@code user} with {@code options}. */
  static SftpLane of(String host, int port, String user, char[] password, FileSystemOptions options,
      Duration timeout) {
    char[] secret = password == null ? null : password.clone();
    return new SftpLane(() -> SftpClientFactory.createConnection(host, port, user.toCharArray(),
        secret == null ? null : secret.clone(), options), timeout);
  }

  /** Calls running on this lane (for routing). */
  @Override
  public AtomicInteger inFlight() {
    return inFlight;
  }

  /** The lane's channel, connecting first if there is none or it broke. */
  synchronized SftpChannel channel() throws IOException {
    if (closed) {
      throw new IOException("the source was closed");
    }
    if (channel != null && channel.isOpen()) {
      return channel;
    }
    if (channel != null) {
      channel.close();
      channel = null;
    }
    if (session == null || !session.isConnected()) {
      if (session != null) {
        session.disconnect();
      }
      session = null;
      session = connect.connect();
    }
    channel = SftpChannel.open(session, timeout);
    return channel;
  }

  /** Closes the channel and the connection. */
  synchronized void close() {
    closed = true;
    if (channel != null) {
      channel.close();
      channel = null;
    }
    if (session != null) {
      session.disconnect();
      session = null;
    }
  }
}
