package dev.holofs.vfs;

import dev.holofs.spi.ProjectedPath;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.NameScope;
import org.apache.commons.vfs2.provider.UriParser;

/**
 * One independent way into the source: a root {@link FileObject} of its own {@code FileSystem}
 * (its own lock, its own connection), opened when first used. Counts the calls it is running so
 * the router can pick the least busy lane.
 */
final class Lane implements Lanes.Counted {

  /** Opens a lane's root; called once, on first use. */
  interface Opener {
    FileObject open(int lane) throws FileSystemException;
  }

  private final int index;
  private final Opener opener;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Object calls = new Object();
  private final String singleFileName;
  private FileObject root;

  /**
   * @param singleFileName the name the root file is shown under when the source is one file (an
   *     http URL), or null when it is a directory
   */
  Lane(int index, Opener opener, FileObject root, String singleFileName) {
    this.index = index;
    this.opener = opener;
    this.root = root;
    this.singleFileName = singleFileName;
  }

  int index() {
    return index;
  }

  @Override
  public AtomicInteger inFlight() {
    return inFlight;
  }

  /**
   * Runs {@code work}, which calls into Commons VFS, alone on this lane. Commons VFS takes its
   * per-file-system lock and, in the sftp provider, a per-file lock in either order (a listing
   * holds the file system and types a child; opening a stream holds the file and takes a channel
   * from the file system): two threads in one file system can deadlock. One call at a time per
   * lane cannot; bytes already flowing through an open stream are read outside this lock.
   */
  <T> T exclusively(Lanes.Work<Lane, T, Exception> work) throws Exception {
    synchronized (calls) {
      return work.run(this);
    }
  }

  /** This lane's root, connecting first if it never has. */
  synchronized FileObject root() throws FileSystemException {
    if (root == null) {
      root = opener.open(index);
    }
    return root;
  }

  /** The file at {@code path} in this lane's file system; null if a single-file source has no such name. */
  FileObject resolve(ProjectedPath path) throws FileSystemException {
    FileObject r = root();
    if (singleFileName != null) {
      return path.toString().equals(singleFileName) ? r : null;
    }
    if (path.isRoot()) {
      return r;
    }
    StringBuilder relative = new StringBuilder();
    for (String name : path.names()) {
      // Encoded as Commons VFS encodes listed names: a '%' in a name is not an escape.
      relative.append(relative.length() == 0 ? "" : "/").append(UriParser.encode(name));
    }
    return r.resolveFile(relative.toString(), NameScope.DESCENDENT);
  }

  /** Closes the lane's file system (and its connection), if it was opened. */
  synchronized void close() {
    if (root != null) {
      root.getFileSystem().getFileSystemManager().closeFileSystem(root.getFileSystem());
      root = null;
    }
  }
}
