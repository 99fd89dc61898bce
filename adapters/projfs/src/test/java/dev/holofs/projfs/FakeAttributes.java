package dev.holofs.projfs;

import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/** A placeholder's attributes, as Windows reports them. */
record FakeAttributes(FakeState.Placeholder p) implements BasicFileAttributes {

  private static final long FILETIME_UNIX_EPOCH = 116_444_736_000_000_000L;

  private FileTime time() {
    long t = p.lastWriteTime() - FILETIME_UNIX_EPOCH;
    return FileTime.from(Instant.ofEpochSecond(Math.floorDiv(t, 10_000_000L),
        Math.floorMod(t, 10_000_000L) * 100));
  }

  @Override public FileTime lastModifiedTime() { return time(); }
  @Override public FileTime lastAccessTime() { return time(); }
  @Override public FileTime creationTime() { return time(); }
  @Override public boolean isRegularFile() { return !p.directory() && p.symlinkTarget() == null; }
  @Override public boolean isDirectory() { return p.directory() && p.symlinkTarget() == null; }
  @Override public boolean isSymbolicLink() { return p.symlinkTarget() != null; }
  @Override public boolean isOther() { return false; }
  @Override public long size() { return p.directory() || p.symlinkTarget() != null ? 0 : p.size(); }
  @Override public Object fileKey() { return null; }
}
