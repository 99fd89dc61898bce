package dev.holofs.fuse;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Writes cache invalidations off the caller's thread. The kernel handles NOTIFY_INVAL_ENTRY under
 * the parent's lock and NOTIFY_INVAL_INODE under the page locks, so writing one while a request
 * on the same parent or inode is unanswered blocks until it is answered: never from a thread that
 * might be the one to answer it. Each item's notifications go out in order on a pooled thread, so
 * one that waits does not hold up the others.
 */
final class Invalidator {

  private final Channel channel;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "holofs-invalidate");
    t.setDaemon(true);
    return t;
  });

  Invalidator(Channel channel) {
    this.channel = channel;
  }

  /**
   * Queues the invalidation of one item: its entry {@code name} in {@code parent} and the
   * parent's attributes and listing (if {@code parent} is not 0), and the attributes and pages of
   * {@code nodeid} (if not 0).
   */
  Future<?> invalidate(long parent, String name, long nodeid) {
    byte[] bytes = Codec.utf8(name);
    return threads.submit(() -> {
      if (parent != 0) {
        send(b -> Codec.invalEntry(b.bytes(), parent, bytes));
      }
      if (nodeid != 0) {
        send(b -> Codec.invalInode(b.bytes(), nodeid));
      }
      if (parent != 0) {
        send(b -> Codec.invalInode(b.bytes(), parent));
      }
    });
  }

  private void send(java.util.function.ToIntFunction<NativeBuffer> encoder) {
    if (channel.isConnectionLost()) {
      return;
    }
    NativeBuffer b = NativeBuffer.take(Protocol.OUT_HEADER_SIZE + 4096);
    try {
      channel.notify(b, encoder.applyAsInt(b));
    } finally {
      b.release();
    }
  }

  void stop() {
    threads.shutdownNow();
    try {
      threads.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
