package dev.holofs.projfs;

import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.List;
import java.util.Set;

/** One virtualization root of the fake ProjFS, seen through java.nio.file. */
final class FakeFileSystem extends FileSystem {

  private final FakeFileSystemProvider provider = new FakeFileSystemProvider();
  final FakeVolume volume;

  FakeFileSystem(FakeVolume volume) {
    this.volume = volume;
  }

  /** The root of the projection. */
  FakePath root() {
    return new FakePath(this, true, List.of());
  }

  @Override public FileSystemProvider provider() { return provider; }
  @Override public void close() {}
  @Override public boolean isOpen() { return true; }
  @Override public boolean isReadOnly() { return false; }
  @Override public String getSeparator() { return "/"; }
  @Override public Iterable<Path> getRootDirectories() { return List.of(root()); }
  @Override public Iterable<FileStore> getFileStores() { return List.of(); }
  @Override public Set<String> supportedFileAttributeViews() { return Set.of("basic"); }

  @Override
  public Path getPath(String first, String... more) {
    return FakePath.parse(this, more.length == 0 ? first : first + "/" + String.join("/", more));
  }

  @Override
  public PathMatcher getPathMatcher(String syntaxAndPattern) {
    throw new UnsupportedOperationException();
  }

  @Override
  public UserPrincipalLookupService getUserPrincipalLookupService() {
    throw new UnsupportedOperationException();
  }

  @Override
  public WatchService newWatchService() {
    throw new UnsupportedOperationException();
  }
}
