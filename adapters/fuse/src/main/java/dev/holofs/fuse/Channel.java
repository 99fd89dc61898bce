package dev.holofs.fuse;

import com.sun.jna.LastErrorException;
import dev.holofs.engine.Call;
import dev.holofs.engine.Errors;
import dev.holofs.engine.QuietLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to the kernel: the /dev/fuse fds, the reader threads and reply writing. Readers
 * take the fds in turn (one per place, all cloned with FUSE_DEV_IOC_CLONE where allowed when the
 * mount is made, though readers start on demand: an fd is cheap, and a reader never waits for
 * one), each with its own buffer; one {@code read(2)} is one request, one {@code write(2)} one
 * reply, written on the fd the request came from.
 *
 * <p>Reads block: the kernel wakes exactly one waiting reader per request, where polling
 * non-blocking fds woke every reader for every request and cost three system calls instead of
 * one. A reader handles what it read itself, provider callback included when the engine finds a
 * slot free; {@link Readers} keeps enough of them reading while some are away in callbacks. A
 * blocked reader returns when the kernel ends the connection (unmount, abort), so readers stop
 * with the mount, not before: after a lazy unmount they stay until the last open file is closed
 * and the kernel ends it. The fds are closed once every reader has stopped and the channel is
 * stopped: never under a thread blocked on one, and never while a late reply or a notification
 * might still be written to a number the system could have reused. Housekeeping runs on a timer.
 *
 * <p>Every log line on a path that answers or reads requests goes through {@link QuietLog}'s
 * static methods: a logger that throws, even an Error, never ends a reader or leaves a request
 * unanswered.
 */
final class Channel {

  private static final Logger log = LoggerFactory.getLogger(Channel.class);
  private static final long TICK_MILLIS = 250;
  private static final long STOP_WAIT_MILLIS = 200;
  /**
   * Resolved with this class, not on the first failure: {@link Protocol}'s constants are inlined,
   * so nothing else loads it, and a class first loaded after the jar was replaced cannot be.
   */
  private static final IntPredicate EXPECTS_REPLY = Protocol::expectsReply;

  /** What the readers hand requests to. */
  interface Handler {
    /**
     * Called on each reader thread before its first request: {@code handOff} gets another thread
     * reading in this one's place, for while this one is held (a callback about to block).
     */
    void receiving(Runnable handOff);

    /**
     * Handles one request; {@code body} is only valid during the call. Provider code may run here;
     * one that blocks calls the hand-off first.
     */
    void handle(Request request, ByteBuffer body);

    /** Called now and then by the housekeeping ticker. */
    void tick();
  }

  private final int masterFd;
  private final List<Integer> fds = new ArrayList<>();
  private final int poolThreadCount;
  private final int places;
  private final int maxIdle;
  private volatile Readers readers;
  /**
   * The readers, the ticker, the owner (until {@link #stop}) and any notification being sent:
   * the fds are closed when the last lets go, so no reply or notification is ever written to an
   * fd number that may have been reused.
   */
  private final AtomicInteger fdUsers = new AtomicInteger(1);
  private final AtomicLong refusedReplies = new AtomicLong();
  private volatile Thread ticker;
  private volatile boolean stopping;
  private volatile boolean connectionLost;
  private final Runnable onEnd;

  /**
   * @param masterFd the fd the mount was made with; this channel owns it from now on
   * @param concurrentThreadCount the engine's execution slots, which decide how many readers may
   *     wait at once ({@link Readers#maxIdle})
   * @param poolThreadCount the engine's in-flight bound, which bounds the threads receiving at
   *     once ({@link Readers#places}) and the stand-ins for readers held by callbacks
   * @param onEnd run once, on a reader thread, when the kernel ends the connection (unmount)
   */
  Channel(int masterFd, int concurrentThreadCount, int poolThreadCount, Runnable onEnd) {
    this.masterFd = masterFd;
    this.onEnd = onEnd;
    this.poolThreadCount = poolThreadCount;
    this.places = Readers.places(concurrentThreadCount, poolThreadCount);
    this.maxIdle = Readers.maxIdle(concurrentThreadCount);
    fds.add(masterFd);
    for (int i = 1; i < places; i++) {
      int clone = cloneFd(masterFd);
      fds.add(clone < 0 ? masterFd : clone);
    }
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

  /** Starts the readers. */
  void start(Handler handler, String name) {
    readers = new Readers(places, maxIdle, poolThreadCount,
        Readers.SPARE_IDLE_NANOS, name, r -> readLoop(r, handler), fd -> acquireFds(), this::releaseFds, this::readersGone);
    fdUsers.incrementAndGet(); // the ticker, which answers interrupts
    readers.start(fds.stream().mapToInt(Integer::intValue).toArray());
    ticker = new Thread(() -> tickLoop(handler), name + "-housekeeping");
    ticker.setDaemon(true);
    ticker.start();
  }

  /** The last reader ended: if the kernel ended the connection, the mount is gone. */
  private void readersGone() {
    if (connectionLost && !stopping) {
      onEnd.run();
    }
  }

  private void tickLoop(Handler handler) {
    try {
      while (true) {
        Thread.sleep(TICK_MILLIS);
        if (stopping || connectionLost) {
          return;
        }
        try {
          readers.watch();
          handler.tick();
        } catch (RuntimeException | Error e) { // a ticker that died would sweep interrupts no more
          QuietLog.warn(log, "FUSE housekeeping failed", e);
        }
      }
    } catch (InterruptedException e) {
      // stopped
    } finally {
      releaseFds();
    }
  }

  private void readLoop(Readers.Reader reader, Handler handler) {
    handler.receiving(reader::handOff);
    // Pooled: readers come and go as callbacks block (stand-ins, spares that time out), and a
    // finished reader's buffer serves the next one, or a READ reply, instead of waiting for a
    // collection to free it.
    NativeBuffer buffer = NativeBuffer.take(NativeBuffer.LARGE);
    try {
      readRequests(reader, handler, buffer);
    } finally {
      buffer.release();
    }
  }

  private void readRequests(Readers.Reader reader, Handler handler, NativeBuffer buffer) {
    int fd = reader.fd;
    ByteBuffer bytes = buffer.bytes();
    while (!connectionLost) {
      long n = LibC.read(fd, buffer.address(), Protocol.READ_BUFFER_SIZE);
      if (n < 0) {
        int errno = LibC.errno();
        if (errno == LibC.ENODEV) {
          connectionLost = true; // unmounted, or the connection was aborted
          readers.ending();
        } else if (errno != LibC.EINTR && errno != LibC.ENOENT && errno != LibC.EAGAIN) {
          QuietLog.error(log, "reading /dev/fuse failed: {}; this reader stops", LibC.message(errno));
          return;
        }
        continue;
      }
      if (n < Protocol.IN_HEADER_SIZE) {
        QuietLog.error(log, "short read of {} bytes from /dev/fuse; ignored", n);
        continue;
      }
      bytes.clear().limit((int) n);
      Request request = new Request(fd, bytes.getInt(4), bytes.getLong(8), bytes.getLong(16),
          bytes.getInt(24), bytes.getInt(28), bytes.getInt(32));
      bytes.position(Protocol.IN_HEADER_SIZE);
      reader.handling();
      try {
        handler.handle(request, bytes);
      } catch (Throwable e) { // a reader that dies leaves its request unanswered and the mount hung
        failed(request, e);
      }
      if (!reader.handled()) {
        return; // it handed its place over, and every place is taken again
      }
    }
  }

  /**
   * Answers a request whose handling threw with EIO, then logs it. Nothing thrown here ends the
   * reader: with the jar replaced under a running server, the first use of a class fails, and
   * this path may be the first to need one.
   */
  private void failed(Request request, Throwable e) {
    try {
      if (EXPECTS_REPLY.test(request.opcode())) {
        replyError(request, Protocol.EIO);
      }
    } catch (Throwable again) {
      // unanswered: the caller's INTERRUPT (or the unmount) ends its wait; the reader reads on
    }
    QuietLog.error(log, "{} failed in the adapter", request, e);
  }

  /** Reader threads started so far (for tests and diagnostics). */
  int readersStarted() {
    return readers == null ? 0 : readers.started();
  }

  /** Whether the kernel ended the connection. */
  boolean isConnectionLost() {
    return connectionLost;
  }

  /**
   * Writes a successful reply whose payload was put after the header in {@code b}; false if the
   * kernel did not take it (see {@link HandedNodes}).
   */
  boolean reply(Request request, NativeBuffer b, int length) {
    Codec.outHeader(b.bytes(), length, 0, request.unique());
    return replied(LibC.write(request.fd(), b.address(), length), request);
  }

  /**
   * Writes a successful READ reply: the header, then the bytes copied into the sink's buffer and
   * those lent to it, in one call; false if the kernel did not take it.
   */
  boolean reply(Request request, ReadSink sink) {
    Codec.outHeader(sink.buffer().bytes(), sink.replyLength(), 0, request.unique());
    return replied(sink.writeTo(request.fd()), request);
  }

  /**
   * Whether a successful reply that returned {@code result} was taken. A refused one is counted
   * and followed by an EIO answer: a reply the kernel refuses before finding its request (a header
   * length that differs from what was written) leaves the request pending, and its reader waiting
   * until the connection ends. Uniques are never reused, so where the kernel has ended or dropped
   * the request already (interrupted, or a fault after it was found), the kernel just refuses the
   * EIO too, with a quiet ENOENT.
   */
  boolean replied(long result, Request request) {
    if (sent(result, request)) {
      return true;
    }
    refusedReplies.incrementAndGet();
    if (!connectionLost) {
      replyError(request, Protocol.EIO);
    }
    return false;
  }

  /**
   * A pooled buffer for a reply of up to {@code size} bytes of payload, positioned after the
   * header: put the payload, {@link #reply(Request, NativeBuffer, int) reply} with its position,
   * then release it.
   */
  static NativeBuffer replyBuffer(int size) {
    NativeBuffer b = NativeBuffer.take(Protocol.OUT_HEADER_SIZE + size);
    b.bytes().position(Protocol.OUT_HEADER_SIZE);
    return b;
  }

  /**
   * Writes a successful reply with {@code size} bytes of payload, put in place by {@code encoder};
   * false if the kernel did not take it.
   */
  boolean reply(Request request, int size, Consumer<ByteBuffer> encoder) {
    NativeBuffer b = replyBuffer(size);
    try {
      encoder.accept(b.bytes());
      return reply(request, b, b.bytes().position());
    } finally {
      b.release();
    }
  }

  /** Writes a successful reply without payload. */
  void replyEmpty(Request request) {
    reply(request, 0, b -> { });
  }

  /**
   * Starts {@code call}, tracked in {@code interrupts} until it ends, and answers {@code request}
   * then: {@code onSuccess} writes the reply, a failure is answered with its errno, and {@code
   * onSuccess} throwing with EIO (never no answer at all). One completion does both (a completion
   * is three objects).
   */
  <T> void answerWhenDone(Request request, Call<T> call, Interrupts interrupts,
      Consumer<T> onSuccess) {
    interrupts.register(request, call);
    call.result().whenComplete((value, error) -> {
      // answered first, unregistered after: until its reply is written the request stays busy
      // (FuseMount.invalidate waits for busy directories), and a call the answer registers for
      // the same request (a READDIR's entries) is left alone by answered(), which checks the call
      try {
        answer(request, value, error, onSuccess);
      } finally {
        interrupts.answered(request, call);
      }
    });
    call.start();
  }

  /**
   * Answers {@code request} with the outcome of its call: {@code onSuccess} writes the reply, a
   * failure is answered with its errno, and {@code onSuccess} throwing with EIO.
   */
  <T> void answer(Request request, T value, Throwable error, Consumer<T> onSuccess) {
    if (error != null) {
      replyError(request, Errors.errno(error));
      return;
    }
    try {
      onSuccess.accept(value);
    } catch (RuntimeException | Error e) { // a completion would swallow it, answering nothing
      replyError(request, Protocol.EIO);
      QuietLog.error(log, "{}: answering failed", request, e);
    }
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
    if (!acquireFds()) {
      return; // closed: the mount is gone, and so is what the notification was about
    }
    try {
      write(masterFd, b, length, null);
    } finally {
      releaseFds();
    }
  }

  /** Whether the kernel took what was written. */
  private boolean write(int fd, NativeBuffer b, int length, Request request) {
    return sent(LibC.write(fd, b.address(), length), request);
  }

  /** Whether a write that returned {@code result} was taken; what a failure means if not. */
  private boolean sent(long result, Request request) {
    if (result >= 0) {
      return true;
    }
    int errno = LibC.errno();
    if (errno == LibC.ENODEV) {
      connectionLost = true;
    } else if (errno != LibC.ENOENT) { // ENOENT: the request is gone (interrupted): not wanted
      QuietLog.warn(log, "writing {} to /dev/fuse failed: {}",
          request == null ? "a notification" : request, LibC.message(errno));
    }
    return false;
  }

  /**
   * How many successful replies the kernel refused (for tests and diagnostics): not error replies
   * nor notifications, which it refuses routinely (an invalidation of an uncached name).
   */
  long refusedReplies() {
    return refusedReplies.get();
  }

  /**
   * Stops housekeeping and waits a moment for the readers, which end with the connection. Readers
   * of a lazily detached mount go on answering its open files until the kernel ends it.
   */
  void stop() {
    stopping = true;
    if (readers != null) {
      readers.ending();
    }
    if (ticker != null) {
      ticker.interrupt();
    }
    try {
      if (readers != null && !readers.awaitGone(STOP_WAIT_MILLIS)) {
        log.debug("FUSE readers stay until the kernel ends the connection");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      releaseFds();
    }
  }

  /** Becomes a user of the fds for a while, unless they are closed already. */
  private boolean acquireFds() {
    for (int n = fdUsers.get(); n > 0; n = fdUsers.get()) {
      if (fdUsers.compareAndSet(n, n + 1)) {
        return true;
      }
    }
    return false;
  }

  /** One user of the fds is done with them; the last closes them. */
  private void releaseFds() {
    if (fdUsers.decrementAndGet() == 0) {
      fds.stream().distinct().forEach(LibC::closeQuietly);
    }
  }
}
