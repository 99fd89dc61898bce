package dev.holofs.vfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A TCP relay on loopback in front of a server. {@link #stop()} drops every connection and then
 * closes each new one at once, as a server that went away; {@link #start()} relays again, on the
 * same port (the listening socket stays, so nothing else can take the port meanwhile). {@link
 * #hold()} keeps new connections waiting, as a server slow to answer, until {@link #start()}.
 */
final class Relay implements AutoCloseable {

  private final int target;
  private final ServerSocket listener;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean running = true;
  /** Open unless {@link #hold} closed it: accepted connections wait at it. */
  private volatile CountDownLatch gate = new CountDownLatch(0);

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
        gate.await();
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
      } catch (InterruptedException e) {
        return;
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

  /** New connections are accepted but wait, silent, until {@link #start}. */
  void hold() {
    gate = new CountDownLatch(1);
  }

  /** Relays new connections again, those held too. */
  void start() {
    running = true;
    gate.countDown();
  }

  @Override
  public void close() {
    stop();
    closeQuietly(listener);
    gate.countDown(); // a connection still held is let go, and closed, as running is false
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // already closed
    }
  }
}
