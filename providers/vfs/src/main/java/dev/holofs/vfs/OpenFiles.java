package dev.holofs.vfs;

import dev.holofs.spi.PlaceholderVersion;
import dev.holofs.spi.ProjectedPath;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Files held open on the sftp server, one handle per file shared by every reader of it (an SFTP
 * READ names its offset, so readers need no handle of their own). A handle is reused only by reads
 * of the version it was opened at. Bounded; the least recently used is closed first, once no read
 * is using it.
 */
final class OpenFiles {

  private static final int MAX_OPEN = 64;

  /** An open handle: the channel it belongs to and the file's size and version when opened. */
  static final class OpenFile {
    final SftpLane lane;
    final SftpChannel channel;
    final byte[] handle;
    final PlaceholderVersion version;
    final long size;
    private int users = 1;
    private boolean retired;

    OpenFile(SftpLane lane, SftpChannel channel, byte[] handle, PlaceholderVersion version, long size) {
      this.lane = lane;
      this.channel = channel;
      this.handle = handle;
      this.version = version;
      this.size = size;
    }
  }

  private final Map<ProjectedPath, OpenFile> open = new LinkedHashMap<>(16, 0.75f, true);

  /** The open handle of {@code path} for a read of {@code version}, or null (then open one). */
  OpenFile acquire(ProjectedPath path, PlaceholderVersion version) {
    List<OpenFile> toClose = new ArrayList<>(1);
    OpenFile found;
    synchronized (this) {
      found = open.get(path);
      if (found != null && (!found.channel.isOpen()
          || !version.equals(PlaceholderVersion.NONE) && !version.equals(found.version))) {
        retire(path, found, toClose); // another version, or its connection is gone
        found = null;
      }
      if (found != null) {
        found.users++;
      }
    }
    closeAll(toClose);
    return found;
  }

  /** Shares {@code file}, just opened by a read that holds it, with later reads of {@code path}. */
  void add(ProjectedPath path, OpenFile file) {
    List<OpenFile> toClose = new ArrayList<>(1);
    synchronized (this) {
      OpenFile old = open.get(path);
      if (old != null) {
        retire(path, old, toClose);
      }
      open.put(path, file);
      for (Iterator<Map.Entry<ProjectedPath, OpenFile>> it = open.entrySet().iterator();
          open.size() > MAX_OPEN && it.hasNext(); ) {
        Map.Entry<ProjectedPath, OpenFile> eldest = it.next();
        it.remove();
        eldest.getValue().retired = true;
        if (eldest.getValue().users == 0) {
          toClose.add(eldest.getValue());
        }
      }
    }
    closeAll(toClose);
  }

  /** A read is done with {@code file}. */
  void release(OpenFile file) {
    boolean close;
    synchronized (this) {
      close = --file.users == 0 && file.retired;
    }
    if (close) {
      closeAll(List.of(file));
    }
  }

  /** {@code file} is not to be reused (read to its end, changed, broken): closed once released. */
  void retire(ProjectedPath path, OpenFile file) {
    List<OpenFile> toClose = new ArrayList<>(1);
    synchronized (this) {
      retire(path, file, toClose);
    }
    closeAll(toClose);
  }

  /** Closes every handle no read is using; the others close when released. */
  void close() {
    List<OpenFile> toClose = new ArrayList<>();
    synchronized (this) {
      for (Map.Entry<ProjectedPath, OpenFile> e : List.copyOf(open.entrySet())) {
        retire(e.getKey(), e.getValue(), toClose);
      }
    }
    closeAll(toClose);
  }

  private void retire(ProjectedPath path, OpenFile file, List<OpenFile> toClose) {
    open.remove(path, file);
    if (!file.retired) {
      file.retired = true;
      if (file.users == 0) {
        toClose.add(file);
      }
    }
  }

  /** Closes handles on the server without waiting for the answer (nothing is done with it). */
  private static void closeAll(List<OpenFile> files) {
    for (OpenFile f : files) {
      f.channel.send(SftpChannel.CLOSE, new SftpChannel.Body().string(f.handle));
    }
  }
}
