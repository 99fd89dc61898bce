package dev.holofs.fuse;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Native memory seen as a little-endian {@link ByteBuffer}, so protocol messages are built where
 * {@code read(2)}/{@code write(2)} can use them without a copy. Replies are built in buffers taken
 * from a small pool: a 1 MiB READ reply must not cost an allocation each time.
 */
final class NativeBuffer {

  static final int SMALL = 64 * 1024;
  static final int LARGE = Protocol.READ_BUFFER_SIZE;
  private static final int KEEP = 16;

  private static final ConcurrentLinkedQueue<NativeBuffer> smallPool = new ConcurrentLinkedQueue<>();
  private static final ConcurrentLinkedQueue<NativeBuffer> largePool = new ConcurrentLinkedQueue<>();
  private static final AtomicInteger smallKept = new AtomicInteger();
  private static final AtomicInteger largeKept = new AtomicInteger();

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
    NativeBuffer b = null;
    if (capacity <= SMALL) {
      b = smallPool.poll();
      if (b != null) {
        smallKept.decrementAndGet();
      } else {
        b = new NativeBuffer(SMALL);
      }
    } else if (capacity <= LARGE) {
      b = largePool.poll();
      if (b != null) {
        largeKept.decrementAndGet();
      } else {
        b = new NativeBuffer(LARGE);
      }
    } else {
      b = new NativeBuffer(capacity);
    }
    b.bytes.clear();
    return b;
  }

  /** Gives a buffer back; the caller must not touch it afterwards. */
  void release() {
    int capacity = bytes.capacity();
    if (capacity == SMALL && smallKept.incrementAndGet() <= KEEP) {
      smallPool.add(this);
    } else if (capacity == SMALL) {
      smallKept.decrementAndGet();
    } else if (capacity == LARGE && largeKept.incrementAndGet() <= KEEP) {
      largePool.add(this);
    } else if (capacity == LARGE) {
      largeKept.decrementAndGet();
    }
  }

  ByteBuffer bytes() {
    return bytes;
  }

  long address() {
    return address;
  }
}
