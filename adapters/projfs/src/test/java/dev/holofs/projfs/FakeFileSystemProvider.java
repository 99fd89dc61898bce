package dev.holofs.projfs;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * java.nio.file over the fake ProjFS: what a program's file calls make ProjFS do. Creating new
 * items is not modelled: ProjFS lets them through (its NEW_FILE_CREATED notification comes after
 * the fact and cannot refuse), and the fake keeps no full files.
 */
final class FakeFileSystemProvider extends FileSystemProvider {

  /** Entries a directory query asks for at a time: a 4 KiB buffer, about 30 names. */
  private static final int LISTING_BUFFER = 4096;

  private static FakePath fake(Path p) {
    return (FakePath) p;
  }

  private static FakeVolume volume(Path p) {
    return fake(p).getFileSystem().volume;
  }

  private static boolean follow(LinkOption... options) {
    return !Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS);
  }

  @Override public String getScheme() { return "holofs-fake-projfs"; }

  @Override
  public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
    throw new UnsupportedOperationException();
  }

  @Override
  public FileSystem getFileSystem(URI uri) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Path getPath(URI uri) {
    throw new UnsupportedOperationException();
  }

  @Override
  public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
      FileAttribute<?>... attrs) throws IOException {
    return newFileChannel(path, options, attrs);
  }

  @Override
  public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options,
      FileAttribute<?>... attrs) throws IOException {
    FakeVolume v = volume(path);
    boolean writing = options.contains(StandardOpenOption.WRITE)
        || options.contains(StandardOpenOption.APPEND);
    if (options.contains(StandardOpenOption.CREATE_NEW)) {
      throw new UnsupportedOperationException("the fake ProjFS does not model new files");
    }
    FakeVolume.Resolved file;
    try {
      file = v.resolve(fake(path).fromRoot(), true);
    } catch (NoSuchFileException e) {
      if (options.contains(StandardOpenOption.CREATE)) {
        throw new UnsupportedOperationException("the fake ProjFS does not model new files");
      }
      throw e;
    }
    if (file.item().directory()) {
      throw new IOException(path + " is a directory");
    }
    if (writing) {
      // Writing makes a placeholder a full file: ProjFS asks first, the provider may refuse.
      v.check(file.path(), Prj.PRJ_NOTIFICATION_FILE_PRE_CONVERT_TO_FULL);
      throw new UnsupportedOperationException("the fake ProjFS does not model full files");
    }
    return new FakeFileChannel(v, file);
  }

  @Override
  public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
      throws IOException {
    FakeVolume v = volume(dir);
    FakeVolume.Resolved resolved = v.resolve(fake(dir).fromRoot(), true);
    if (!resolved.item().directory()) {
      throw new NotDirectoryException(dir.toString());
    }
    FakeIo.Enumeration e;
    try {
      e = v.io().enumerate(resolved.path(), LISTING_BUFFER, false);
    } catch (IOException x) {
      throw x;
    } catch (Exception x) {
      throw new IOException(x);
    }
    return new DirectoryStream<>() {
      private boolean closed;

      @Override
      public Iterator<Path> iterator() {
        return new Iterator<>() {
          private final Deque<Path> batch = new ArrayDeque<>();
          private boolean done;

          @Override
          public boolean hasNext() {
            while (batch.isEmpty() && !done && !closed) {
              try {
                List<FakeDirBuffer.Entry> got = e.next(null, false);
                done = got.isEmpty();
                for (FakeDirBuffer.Entry entry : got) {
                  Path p = dir.resolve(entry.name());
                  if (filter.accept(p)) {
                    batch.add(p);
                  }
                }
              } catch (Exception x) {
                throw new DirectoryIteratorException(
                    x instanceof IOException io ? io : new IOException(x));
              }
            }
            return !batch.isEmpty();
          }

          @Override
          public Path next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            return batch.poll();
          }
        };
      }

      @Override
      public void close() throws IOException {
        if (!closed) {
          closed = true;
          try {
            e.close();
          } catch (Exception x) {
            throw new IOException(x);
          }
        }
      }
    };
  }

  @Override
  public void createDirectory(Path dir, FileAttribute<?>... attrs) {
    throw new UnsupportedOperationException("the fake ProjFS does not model new directories");
  }

  @Override
  public void delete(Path path) throws IOException {
    FakeVolume v = volume(path);
    FakeVolume.Resolved item = v.resolve(fake(path).fromRoot(), false);
    v.check(item.path(), Prj.PRJ_NOTIFICATION_PRE_DELETE);
    throw new UnsupportedOperationException("the provider allowed a delete the fake does not model");
  }

  @Override
  public void copy(Path source, Path target, CopyOption... options) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void move(Path source, Path target, CopyOption... options) throws IOException {
    FakeVolume v = volume(source);
    FakeVolume.Resolved item = v.resolve(fake(source).fromRoot(), false);
    v.check(item.path(), Prj.PRJ_NOTIFICATION_PRE_RENAME);
    throw new UnsupportedOperationException("the provider allowed a rename the fake does not model");
  }

  @Override
  public boolean isSameFile(Path a, Path b) {
    return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
  }

  @Override public boolean isHidden(Path path) { return false; }

  @Override
  public FileStore getFileStore(Path path) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void checkAccess(Path path, AccessMode... modes) throws IOException {
    FakeVolume.Resolved item = volume(path).resolve(fake(path).fromRoot(), true);
    if (Arrays.asList(modes).contains(AccessMode.WRITE)
        && (item.item().attributes() & Prj.FILE_ATTRIBUTE_READONLY) != 0) {
      throw new AccessDeniedException(path.toString());
    }
  }

  @Override
  public Path readSymbolicLink(Path link) throws IOException {
    FakeVolume.Resolved item = volume(link).resolve(fake(link).fromRoot(), false);
    if (item.item().symlinkTarget() == null) {
      throw new NotLinkException(link.toString());
    }
    return link.getFileSystem().getPath(item.item().symlinkTarget().replace('\\', '/'));
  }

  @Override
  public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type,
      LinkOption... options) {
    return null;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type,
      LinkOption... options) throws IOException {
    if (type != BasicFileAttributes.class) {
      throw new UnsupportedOperationException(type.getName());
    }
    return (A) new FakeAttributes(volume(path).resolve(fake(path).fromRoot(), follow(options)).item());
  }

  @Override
  public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void setAttribute(Path path, String attribute, Object value, LinkOption... options) {
    throw new UnsupportedOperationException();
  }

}
