package dev.holofs.vfs;

import dev.holofs.spi.PlaceholderVersion;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.vfs2.Capability;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.RandomAccessContent;
import org.apache.commons.vfs2.util.RandomAccessMode;

/**
 * An open stream into one file at a known position, kept between reads so a sequential reader
 * never reopens. Opened at any offset through {@link RandomAccessContent} where the scheme has
 * random access (sftp, http, ram, local), else by skipping a fresh stream (archives).
 */
final class Cursor implements Closeable {

  private final Lane lane;
  private final PlaceholderVersion version;
  private final long size;
  private InputStream in;
  private final Closeable owner;
  private long position;

  private Cursor(Lane lane, PlaceholderVersion version, long size, InputStream in, Closeable owner,
      long position) {
    this.lane = lane;
    this.version = version;
    this.size = size;
    this.in = in;
    this.owner = owner;
    this.position = position;
  }

  /** A cursor at {@code offset} into {@code file}, of {@code version} and {@code size} bytes. */
  static Cursor open(Lane lane, FileObject file, PlaceholderVersion version, long size, long offset)
      throws IOException {
    if (file.getFileSystem().hasCapability(Capability.RANDOM_ACCESS_READ)) {
      RandomAccessContent content = file.getContent().getRandomAccessContent(RandomAccessMode.READ);
      try {
        content.seek(offset);
        return new Cursor(lane, version, size, content.getInputStream(), content, offset);
      } catch (IOException | RuntimeException e) {
        content.close();
        throw e;
      }
    }
    InputStream in = file.getContent().getInputStream();
    try {
      in.skipNBytes(offset);
      return new Cursor(lane, version, size, in, in, offset);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  Lane lane() {
    return lane;
  }

  /** Whether {@link #seek} works: the stream came from a {@link RandomAccessContent}. */
  boolean canSeek() {
    return owner instanceof RandomAccessContent;
  }

  /**
   * Moves a random-access cursor to {@code offset}: the content reopens its stream there, without
   * resolving or typing the file again (a round trip saved for each random read).
   */
  void seek(long offset) throws IOException {
    RandomAccessContent content = (RandomAccessContent) owner;
    try {
      in = lane.exclusively(l -> {
        content.seek(offset);
        return content.getInputStream();
      });
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
    position = offset;
  }

  /** The version (size and modification time) of the file this cursor was opened on. */
  PlaceholderVersion version() {
    return version;
  }

  /** The size of the file as it was when this cursor was opened. */
  long size() {
    return size;
  }

  long position() {
    return position;
  }

  /** Skips forward to {@code offset} (at or after the position). */
  void skipTo(long offset) throws IOException {
    in.skipNBytes(offset - position);
    position = offset;
  }

  /** Reads up to {@code length} bytes into {@code buffer} at {@code at}; fewer only at end of file. */
  int read(byte[] buffer, int at, int length) throws IOException {
    int n = in.readNBytes(buffer, at, length);
    position += n;
    return n;
  }

  /** Closes the stream; on the lane's call lock, as closing returns a channel to Commons VFS. */
  @Override
  public void close() throws IOException {
    try {
      lane.exclusively(l -> {
        owner.close();
        return null;
      });
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
  }
}
