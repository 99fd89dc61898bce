package dev.holofs.fuse;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.holofs.engine.QuietLog;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Native memory seen as a little-endian {@link ByteBuffer}, so protocol messages are built where
 * {@code read(2)}/{@code write(2)} can use them without a copy. Replies are built in buffers taken
 * from a small pool: a 1 MiB READ reply must not cost an allocation each time, nor a 120-byte
 * GETATTR reply any garbage (the pool is an array of slots, not a queue that allocates a node
 * per buffer given back).
 *
 * <p>The pool keeps a small idle reserve, not every buffer a burst needed: a buffer given back
 * past it is freed at once, not when a collection gets round to it (a mount with little garbage
 * may not collect for hours, and 16 kept 1 MiB buffers were most of what a mount's own native
 * memory held).
 */
final class NativeBuffer {

  private static final Logger log = LoggerFactory.getLogger(NativeBuffer.class);

  static final int SMALL = 64 * 1024;
  static final int LARGE = Protocol.READ_BUFFER_SIZE;
  /** Idle buffers kept: small ones cost little; large ones serve the READs in flight at once. */
  static final int KEEP_SMALL = 8;
  static final int KEEP_LARGE = 4;

  /** Kept buffers, one per slot (null: empty); a slot's swap makes its buffer the taker's alone. */
  private static final AtomicReferenceArray<NativeBuffer> smallPool =
      new AtomicReferenceArray<>(KEEP_SMALL);
  private static final AtomicReferenceArray<NativeBuffer> largePool =
      new AtomicReferenceArray<>(KEEP_LARGE);

  private final Memory memory;
  private final ByteBuffer bytes;
  private final long address;

  NativeBuffer(int capacity) {
    this.memory = new Memory(capacity);
    this.bytes = memory.getByteBuffer(0, capacity).order(ByteOrder.LITTLE_ENDIAN);
    this.address = Pointer.nativeValue(memory);
  }

  /** A cleared buffer of at least {@code capacity} bytes, pooled if it is a standard size. */
  static NativeBuffer take(int capacity) {
    NativeBuffer b;
    if (capacity <= SMALL) {
      b = takeFrom(smallPool, SMALL);
    } else if (capacity <= LARGE) {
      b = takeFrom(largePool, LARGE);
    } else {
      b = new NativeBuffer(capacity);
    }
    b.bytes.clear();
    return b;
  }

  private static NativeBuffer takeFrom(AtomicReferenceArray<NativeBuffer> pool, int capacity) {
    for (int i = 0; i < pool.length(); i++) {
      if (pool.getPlain(i) != null) {
        NativeBuffer b = pool.getAndSet(i, null);
        if (b != null) {
          return b;
        }
      }
    }
    return new NativeBuffer(capacity);
  }

  /**
   * Gives a buffer back: kept for the next taker, or freed now (the pool's reserve is full, or an
   * odd size). The caller must not touch it afterwards: its memory may be gone. Never throws: it
   * is called after a reply was written, whose outcome a throw here would hide (a failure to free
   * is logged).
   */
  void release() {
    int capacity = bytes.capacity();
    AtomicReferenceArray<NativeBuffer> pool =
        capacity == SMALL ? smallPool : capacity == LARGE ? largePool : null;
    for (int i = 0; pool != null && i < pool.length(); i++) {
      if (pool.getPlain(i) == null && pool.compareAndSet(i, null, this)) {
        return;
      }
    }
    try {
      memory.close();
    } catch (RuntimeException e) {
      QuietLog.error(log, "freeing a reply buffer failed", e);
    }
  }

  /** Whether this buffer's memory was freed (for tests). */
  boolean freed() {
    return !memory.valid();
  }

  ByteBuffer bytes() {
    return bytes;
  }

  long address() {
    return address;
  }
}
