package dev.holofs.vfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback in front of a server. {@link #stop()} drops every connection and then
 * closes each new one at once, as a server that went away; {@link #start()} relays again, on the
 * same port (the listening socket stays, so nothing else can take the port meanwhile).
 */
final class Relay implements AutoCloseable {

  private final int target;
  private final ServerSocket listener;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean running = true;

  Relay(int target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "relay-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        if (!running) {
          client.close();
          continue;
        }
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        sockets.add(client);
        sockets.add(server);
        pipe(client, server);
        pipe(server, client);
      } catch (IOException closed) {
        // the listener closed, or the target refused: the client sees its connection close
      }
    }
  }

  private void pipe(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException dropped) {
        // either side closed: close both
      }
      closeQuietly(from);
      closeQuietly(to);
    }, "relay-pipe");
    t.setDaemon(true);
    t.start();
  }

  /** Drops every connection; new ones are closed as soon as they are accepted. */
  void stop() {
    running = false;
    sockets.forEach(Relay::closeQuietly);
    sockets.clear();
  }

  /** Relays new connections again. */
  void start() {
    running = true;
  }

  @Override
  public void close() {
    stop();
    closeQuietly(listener);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // already closed
    }
  }
}
