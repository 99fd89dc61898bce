package dev.holofs.fuse;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to the kernel: the /dev/fuse fds, the reader threads and reply writing. Each
 * reader has its own fd (cloned with FUSE_DEV_IOC_CLONE where allowed) and its own buffer; one
 * {@code read(2)} is one request, one {@code write(2)} one reply, written on the fd the request
 * came from. The fds are non-blocking so an idle reader can notice it should stop.
 */
final class Channel {

  private static final Logger log = LoggerFactory.getLogger(Channel.class);
  private static final int IDLE_POLL_MILLIS = 250;

  /** What the readers hand requests to. */
  interface Handler {
    /** Handles one request; {@code body} is only valid during the call. Never blocks on a provider. */
    void handle(Request request, ByteBuffer body);

    /** Called now and then by idle readers and after requests: housekeeping. */
    void tick();
  }

  private final int masterFd;
  private final List<Integer> fds = new ArrayList<>();
  private final List<Thread> readers = new ArrayList<>();
  private final CountDownLatch readersDone;
  private final AtomicInteger running = new AtomicInteger();
  private volatile boolean stopping;
  private volatile boolean connectionLost;
  private final Runnable onEnd;

  /**
   * @param masterFd the fd the mount was made with; this channel owns it from now on
   * @param readerCount how many reader threads to run
   * @param onEnd run once, on a reader thread, when the kernel ends the connection (unmount)
   */
  Channel(int masterFd, int readerCount, Runnable onEnd) {
    this.masterFd = masterFd;
    this.onEnd = onEnd;
    fds.add(masterFd);
    for (int i = 1; i < readerCount; i++) {
      int clone = cloneFd(masterFd);
      fds.add(clone < 0 ? masterFd : clone);
    }
    for (int fd : fds) {
      setNonBlocking(fd);
    }
    readersDone = new CountDownLatch(readerCount);
  }

  /** A new fd with its own request queue on the connection of {@code fd}, or -1 if not allowed. */
  private static int cloneFd(int fd) {
    int clone = -1;
    try {
      clone = LibC.open("/dev/fuse", LibC.O_RDWR | LibC.O_CLOEXEC);
      LibC.ioctl(clone, LibC.FUSE_DEV_IOC_CLONE, new int[] {fd});
      return clone;
    } catch (LastErrorException e) {
      LibC.closeQuietly(clone);
      log.debug("cannot clone the /dev/fuse fd ({}); readers share one", LibC.message(e.getErrorCode()));
      return -1;
    }
  }

  private static void setNonBlocking(int fd) {
    int flags = LibC.fcntl(fd, LibC.F_GETFL, 0);
    LibC.fcntl(fd, LibC.F_SETFL, flags | LibC.O_NONBLOCK);
  }

  /** Starts the readers. */
  void start(Handler handler, String name) {
    for (int i = 0; i < fds.size(); i++) {
      int fd = fds.get(i);
      Thread t = new Thread(() -> readLoop(fd, handler), name + "-reader-" + i);
      t.setDaemon(true);
      readers.add(t);
    }
    running.set(readers.size());
    readers.forEach(Thread::start);
  }

  private void readLoop(int fd, Handler handler) {
    NativeBuffer buffer = new NativeBuffer(Protocol.READ_BUFFER_SIZE);
    ByteBuffer bytes = buffer.bytes();
    Memory pollFd = new Memory(8);
    try {
      while (!stopping && !connectionLost) {
        long n = LibC.read(fd, buffer.address(), Protocol.READ_BUFFER_SIZE);
        if (n < 0) {
          int errno = LibC.errno();
          if (errno == LibC.EAGAIN) {
            handler.tick();
            waitReadable(fd, pollFd);
          } else if (errno == LibC.ENODEV) {
            connectionLost = true; // unmounted, or the connection was aborted
          } else if (errno != LibC.EINTR && errno != LibC.ENOENT) {
            log.error("reading /dev/fuse failed: {}; this reader stops", LibC.message(errno));
            return;
          }
          continue;
        }
        if (n < Protocol.IN_HEADER_SIZE) {
          log.error("short read of {} bytes from /dev/fuse; ignored", n);
          continue;
        }
        bytes.clear().limit((int) n);
        Request request = new Request(fd, bytes.getInt(4), bytes.getLong(8), bytes.getLong(16),
            bytes.getInt(24), bytes.getInt(28), bytes.getInt(32));
        bytes.position(Protocol.IN_HEADER_SIZE);
        try {
          handler.handle(request, bytes);
        } catch (RuntimeException e) {
          log.error("{} failed in the adapter", request, e);
          if (Protocol.expectsReply(request.opcode())) {
            replyError(request, Protocol.EIO);
          }
        }
      }
    } finally {
      readersDone.countDown();
      if (running.decrementAndGet() == 0 && connectionLost && !stopping) {
        onEnd.run();
      }
    }
  }

  private void waitReadable(int fd, Memory pollFd) {
    pollFd.setInt(0, fd);
    pollFd.setShort(4, LibC.POLLIN);
    pollFd.setShort(6, (short) 0);
    LibC.poll(Pointer.nativeValue(pollFd), 1, IDLE_POLL_MILLIS); // on EINTR, just read again
  }

  /** Whether the kernel ended the connection. */
  boolean isConnectionLost() {
    return connectionLost;
  }

  /** Writes a successful reply whose payload was put after the header in {@code b}. */
  void reply(Request request, NativeBuffer b, int length) {
    Codec.outHeader(b.bytes(), length, 0, request.unique());
    write(request.fd(), b, length, request);
  }

  /** Answers {@code request} with error {@code errno} (positive). */
  void replyError(Request request, int errno) {
    NativeBuffer b = NativeBuffer.take(Protocol.OUT_HEADER_SIZE);
    try {
      Codec.outHeader(b.bytes(), Protocol.OUT_HEADER_SIZE, -errno, request.unique());
      write(request.fd(), b, Protocol.OUT_HEADER_SIZE, request);
    } finally {
      b.release();
    }
  }

  /** Answers an INTERRUPT whose request is unknown with EAGAIN, so the kernel may send it again. */
  void replyInterruptAgain(int fd, long interruptUnique) {
    replyError(new Request(fd, Protocol.INTERRUPT, interruptUnique, 0, 0, 0, 0), Protocol.EAGAIN);
  }

  /** Writes a notification (unique 0); it may block while the kernel takes inode locks. */
  void notify(NativeBuffer b, int length) {
    write(masterFd, b, length, null);
  }

  private void write(int fd, NativeBuffer b, int length, Request request) {
    if (LibC.write(fd, b.address(), length) >= 0) {
      return;
    }
    int errno = LibC.errno();
    if (errno == LibC.ENOENT) {
      return; // the request was interrupted and is gone: the answer is not wanted
    }
    if (errno == LibC.ENODEV) {
      connectionLost = true;
      return;
    }
    log.warn("writing {} to /dev/fuse failed: {}", request == null ? "a notification" : request,
        LibC.message(errno));
  }

  /** Stops the readers and closes the fds, which ends the connection if it is still up. */
  void stop() {
    stopping = true;
    try {
      if (readers.isEmpty()) {
        return;
      }
      if (!readersDone.await(5, TimeUnit.SECONDS)) {
        log.warn("FUSE readers did not stop in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      fds.stream().distinct().forEach(LibC::closeQuietly);
    }
  }

  /** Blocks until every reader has stopped. */
  void awaitReaders() throws InterruptedException {
    readersDone.await();
  }
}
