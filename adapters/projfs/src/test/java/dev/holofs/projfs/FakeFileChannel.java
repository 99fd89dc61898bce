package dev.holofs.projfs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A read-only handle on a projected file. The first read hydrates the file; a reader interrupted
 * while it waits abandons the read, which makes ProjFS cancel the command (CANCEL_COMMAND).
 */
final class FakeFileChannel extends FileChannel {

  private final FakeVolume volume;
  private final FakeVolume.Resolved file;
  private long position;

  FakeFileChannel(FakeVolume volume, FakeVolume.Resolved file) {
    this.volume = volume;
    this.file = file;
  }

  private byte[] content() throws IOException {
    boolean completed = false;
    begin(); // an interrupt now closes the channel: implCloseChannel abandons the hydration
    try {
      byte[] bytes = volume.content(file);
      completed = true;
      return bytes;
    } catch (InterruptedIOException e) {
      completed = false;
      return null; // end() below throws ClosedByInterruptException
    } finally {
      end(completed);
    }
  }

  @Override
  public int read(ByteBuffer dst, long at) throws IOException {
    if (!isOpen()) {
      throw new ClosedChannelException();
    }
    byte[] bytes = content();
    if (at >= bytes.length) {
      return -1;
    }
    int n = (int) Math.min(dst.remaining(), bytes.length - at);
    dst.put(bytes, (int) at, n);
    return n;
  }

  @Override
  public synchronized int read(ByteBuffer dst) throws IOException {
    int n = read(dst, position);
    if (n > 0) {
      position += n;
    }
    return n;
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    long total = 0;
    for (int i = offset; i < offset + length; i++) {
      int n = read(dsts[i]);
      if (n < 0) {
        return total == 0 ? -1 : total;
      }
      total += n;
    }
    return total;
  }

  @Override public synchronized long position() { return position; }
  @Override public synchronized FileChannel position(long newPosition) { position = newPosition; return this; }
  @Override public long size() { return file.item().size(); }
  @Override public int write(ByteBuffer src) { throw new NonWritableChannelException(); }
  @Override public long write(ByteBuffer[] srcs, int offset, int length) { throw new NonWritableChannelException(); }
  @Override public int write(ByteBuffer src, long at) { throw new NonWritableChannelException(); }
  @Override public FileChannel truncate(long size) { throw new NonWritableChannelException(); }
  @Override public void force(boolean metaData) {}

  @Override
  public long transferTo(long at, long count, WritableByteChannel target) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(count, 1 << 16));
    int n = read(buf, at);
    return n <= 0 ? 0 : target.write(buf.flip());
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long at, long count) {
    throw new NonWritableChannelException();
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long at, long size) {
    throw new UnsupportedOperationException();
  }

  @Override
  public FileLock lock(long at, long size, boolean shared) {
    throw new UnsupportedOperationException();
  }

  @Override
  public FileLock tryLock(long at, long size, boolean shared) {
    throw new UnsupportedOperationException();
  }

  @Override
  protected void implCloseChannel() {
    volume.abandon(file.path());
  }
}
