package dev.holofs.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.holofs.spi.OpeningProvider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing an archive whose central directory is still being read stops the read. */
class EarlyCloseTest {

  @TempDir Path tmp;

  @Test
  void closingWhileTheDirectoryIsReadEndsTheReader() throws Exception {
    Path zip = tmp.resolve("a.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("a.txt"));
      out.closeEntry();
    }
    Stalling channel = new Stalling(FileChannel.open(zip, StandardOpenOption.READ));
    OpeningProvider<ZipProvider> opening =
        ZipProvider.openInBackground(zip, channel, ZipOptions.defaults());
    try {
      assertThat(channel.stalled.await(30, TimeUnit.SECONDS)).as("the directory read began").isTrue();
      opening.close();
      await().atMost(Duration.ofSeconds(30)).until(() -> !channel.reader.isAlive());
      assertThat(channel.isOpen()).isFalse();
      assertThatThrownBy(opening::awaitOpened).isInstanceOf(IOException.class);
    } finally {
      channel.close(); // lets a reader the close did not stop go
    }
  }

  /**
   * A file channel whose reads on the opening thread (the central directory's, after the end
   * record's on the caller) stall until it is closed: an archive whose directory takes long.
   */
  private static final class Stalling extends FileChannel {
    private final FileChannel file;
    final CountDownLatch stalled = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    volatile Thread reader;

    Stalling(FileChannel file) {
      this.file = file;
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      if (Thread.currentThread().getName().equals("holofs-zip-open")) {
        reader = Thread.currentThread();
        stalled.countDown();
        try {
          closed.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new AsynchronousCloseException();
      }
      return file.read(dst, position);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      closed.countDown();
      file.close();
    }

    @Override
    public long size() throws IOException {
      return file.size();
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
      return file.map(mode, position, size);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return file.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return file.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return file.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      return file.write(srcs, offset, length);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      return file.write(src, position);
    }

    @Override
    public long position() throws IOException {
      return file.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      file.position(newPosition);
      return this;
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      file.truncate(size);
      return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      file.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target)
        throws IOException {
      return file.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count)
        throws IOException {
      return file.transferFrom(src, position, count);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return file.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return file.tryLock(position, size, shared);
    }
  }
}
