package dev.holofs.vfs;

import dev.holofs.spi.Command;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.PlaceholderVersion;
import dev.holofs.spi.Printable;
import dev.holofs.spi.ProjectedPath;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Optional;
import org.apache.commons.vfs2.FileObject;

/**
 * File bytes through pooled {@link Cursor}s. A cursor is opened only after checking that the file
 * still has the size and modification time its placeholder was given (within the metadata
 * timeout), and a stream that ends before that size fails the read: a reader never gets bytes of
 * two versions of a file.
 */
final class Reads {

  /** Bytes read between checks for cancellation. */
  private static final int CHUNK = 256 * 1024;

  private final Lanes<Lane> lanes;
  private final ItemSource items;
  private final CursorPool pool = new CursorPool();
  private final boolean randomAccess;

  /** Describes an item on a lane, through the metadata cache. */
  interface ItemSource {
    Optional<PlaceholderInfo> describe(Lane lane, ProjectedPath path) throws Exception;
  }

  /**
   * @param randomAccess whether the scheme opens independent streams at any offset; if not (tar,
   *     zip) there is one lane and one stream at a time
   */
  Reads(Lanes<Lane> lanes, ItemSource items, boolean randomAccess) {
    this.lanes = lanes;
    this.randomAccess = randomAccess;
    this.items = items;
  }

  /** Bytes {@code [offset, offset + length)} of {@code path}, fewer at its end; runs blocking. */
  byte[] read(Command command, ProjectedPath path, long offset, int length) throws Exception {
    if (!randomAccess) {
      // An archive's file system has one stream, which opening any entry rewinds: a read holds
      // the lane from taking a cursor to putting it back, and opening one closes the idle ones.
      return lanes.onLeastBusy(lane -> lane.exclusively(
          l -> readWithCursor(command, path, offset, length)));
    }
    return readWithCursor(command, path, offset, length);
  }

  private byte[] readWithCursor(Command command, ProjectedPath path, long offset, int length)
      throws Exception {
    PlaceholderVersion version = command.version();
    long listedSize = Attributes.size(version);
    if (listedSize >= 0 && offset >= listedSize) {
      return new byte[0]; // at or past the end of the version the reader was shown
    }
    Cursor cursor = pool.take(path, offset);
    if (cursor == null && randomAccess) {
      cursor = reposition(pool.takeAny(path), offset);
    }
    if (cursor != null && !version.equals(PlaceholderVersion.NONE)
        && !version.equals(cursor.version())) {
      CursorPool.closeAll(List.of(cursor)); // opened on another version (size or time) of the file
      CursorPool.closeAll(pool.drop(path));
      cursor = null;
    }
    if (cursor == null) {
      cursor = lanes.onLeastBusy(lane -> lane.exclusively(l -> {
        if (!randomAccess) {
          CursorPool.closeAll(pool.drain());
        }
        return open(l, path, version, offset);
      }));
    }
    Cursor open = cursor;
    return Lanes.on(open.lane(), lane -> {
      try {
        byte[] bytes = readFrom(command, path, open, offset, length);
        if (open.position() < open.size()) {
          CursorPool.closeAll(pool.put(path, open));
        } else {
          open.close();
        }
        return bytes;
      } catch (Exception | Error e) {
        CursorPool.closeAll(List.of(open));
        throw e;
      }
    });
  }

  /** {@code cursor} moved to {@code offset}; null (and closed) if it cannot be, or was null. */
  private static Cursor reposition(Cursor cursor, long offset) {
    if (cursor == null || !cursor.canSeek() || offset >= cursor.size()) {
      if (cursor != null) {
        CursorPool.closeAll(List.of(cursor));
      }
      return null;
    }
    try {
      cursor.seek(offset);
      return cursor;
    } catch (IOException | RuntimeException e) {
      CursorPool.closeAll(List.of(cursor)); // a broken stream: open a fresh one instead
      return null;
    }
  }

  private Cursor open(Lane lane, ProjectedPath path, PlaceholderVersion version, long offset)
      throws Exception {
    FileObject file = lane.resolve(path);
    PlaceholderInfo now = file == null ? null : items.describe(lane, path).orElse(null);
    if (now == null) {
      throw new NoSuchFileException(path.toString());
    }
    if (!now.isFile()) {
      throw new IOException(Printable.of(path.toString()) + ": not a regular file");
    }
    if (!version.equals(PlaceholderVersion.NONE) && !version.equals(now.version())) {
      throw new IOException(Printable.of(path.toString()) + ": changed since it was listed (size or modification time);"
          + " open it again");
    }
    return Cursor.open(lane, file, now.version(), now.size(), Math.min(offset, now.size()));
  }

  private static byte[] readFrom(Command command, ProjectedPath path, Cursor cursor, long offset,
      int length) throws IOException {
    if (offset >= cursor.size()) {
      return new byte[0];
    }
    if (cursor.position() < offset) {
      cursor.skipTo(offset);
    }
    int want = (int) Math.max(0, Math.min(length, cursor.size() - offset));
    byte[] buffer = new byte[want];
    int done = 0;
    while (done < want) {
      if (command.isCancelled()) {
        throw new InterruptedIOException("read of " + Printable.of(path.toString()) + " cancelled");
      }
      int n = cursor.read(buffer, done, Math.min(CHUNK, want - done));
      if (n == 0) {
        throw new IOException(Printable.of(path.toString()) + ": ended before its listed size; it changed while being read");
      }
      done += n;
    }
    return buffer;
  }

  /** Closes every idle cursor. */
  void close() {
    CursorPool.closeAll(pool.drain());
  }
}
