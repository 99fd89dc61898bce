package dev.holofs.projfs;

import java.net.URI;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A path in a {@link FakeFileSystem}: names from the virtualization root, {@code /} between. */
final class FakePath implements Path {

  private final FakeFileSystem fs;
  private final boolean absolute;
  final List<String> names;

  FakePath(FakeFileSystem fs, boolean absolute, List<String> names) {
    this.fs = fs;
    this.absolute = absolute;
    this.names = List.copyOf(names);
  }

  static FakePath parse(FakeFileSystem fs, String path) {
    List<String> names = new ArrayList<>();
    for (String n : path.split("/")) {
      if (!n.isEmpty()) {
        names.add(n);
      }
    }
    return new FakePath(fs, path.startsWith("/"), names);
  }

  @Override public FakeFileSystem getFileSystem() { return fs; }
  @Override public boolean isAbsolute() { return absolute; }
  @Override public Path getRoot() { return absolute ? new FakePath(fs, true, List.of()) : null; }

  @Override
  public Path getFileName() {
    return names.isEmpty() ? null : new FakePath(fs, false, List.of(names.get(names.size() - 1)));
  }

  @Override
  public Path getParent() {
    if (names.isEmpty() || names.size() == 1 && !absolute) {
      return null;
    }
    return new FakePath(fs, absolute, names.subList(0, names.size() - 1));
  }

  @Override public int getNameCount() { return names.size(); }
  @Override public Path getName(int index) { return new FakePath(fs, false, List.of(names.get(index))); }

  @Override
  public Path subpath(int beginIndex, int endIndex) {
    return new FakePath(fs, false, names.subList(beginIndex, endIndex));
  }

  @Override
  public boolean startsWith(Path other) {
    FakePath o = (FakePath) other;
    return o.absolute == absolute && o.names.size() <= names.size()
        && names.subList(0, o.names.size()).equals(o.names);
  }

  @Override
  public boolean endsWith(Path other) {
    FakePath o = (FakePath) other;
    return o.names.size() <= names.size()
        && names.subList(names.size() - o.names.size(), names.size()).equals(o.names);
  }

  @Override
  public Path normalize() {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      if (n.equals("..") && !out.isEmpty()) {
        out.remove(out.size() - 1);
      } else if (!n.equals(".")) {
        out.add(n);
      }
    }
    return new FakePath(fs, absolute, out);
  }

  @Override
  public Path resolve(Path other) {
    FakePath o = (FakePath) other;
    if (o.absolute) {
      return o;
    }
    List<String> all = new ArrayList<>(names);
    all.addAll(o.names);
    return new FakePath(fs, absolute, all);
  }

  @Override
  public Path relativize(Path other) {
    FakePath o = (FakePath) other;
    if (!o.startsWith(this)) {
      throw new IllegalArgumentException(other + " is not under " + this);
    }
    return new FakePath(fs, false, o.names.subList(names.size(), o.names.size()));
  }

  @Override public URI toUri() { return URI.create(fs.provider().getScheme() + ":" + toAbsolutePath()); }
  @Override public Path toAbsolutePath() { return absolute ? this : new FakePath(fs, true, names); }
  @Override public Path toRealPath(LinkOption... options) { return toAbsolutePath().normalize(); }

  @Override
  public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
    throw new UnsupportedOperationException();
  }

  @Override
  public int compareTo(Path other) {
    return toString().compareTo(other.toString());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FakePath p && p.fs == fs && p.absolute == absolute && p.names.equals(names);
  }

  @Override
  public int hashCode() {
    return names.hashCode();
  }

  @Override
  public String toString() {
    return (absolute ? "/" : "") + String.join("/", names);
  }

  /** The path from the root, resolved against it if relative. */
  List<String> fromRoot() {
    return names;
  }

  static List<String> split(String windowsPath) {
    return windowsPath.isEmpty() ? List.of() : Arrays.asList(windowsPath.split("\\\\"));
  }
}
