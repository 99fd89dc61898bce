package dev.holofs.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * What a projected item is: ProjFS's {@code PRJ_PLACEHOLDER_INFO}, the attributes of a FUSE entry.
 * Immutable; made with {@link #file(long)}, {@link #directory()} or {@link #symlink(String)}.
 *
 * <p>Times default to the Unix epoch; the mode to read-only permissions (0444 for files, 0555 for
 * directories, 0777 for links).
 */
public final class PlaceholderInfo {

  /** The kinds of item. */
  public enum Type { FILE, DIRECTORY, SYMLINK }

  private final Type type;
  private final long size;
  private final Instant creationTime;
  private final Instant lastAccessTime;
  private final Instant lastWriteTime;
  private final Instant changeTime;
  private final int mode;
  private final String symlinkTarget;
  private final PlaceholderVersion version;

  private PlaceholderInfo(Builder b) {
    this.type = b.type;
    this.size = b.size;
    this.creationTime = b.creationTime;
    this.lastAccessTime = b.lastAccessTime;
    this.lastWriteTime = b.lastWriteTime;
    this.changeTime = b.changeTime;
    this.mode = b.mode;
    this.symlinkTarget = b.symlinkTarget;
    this.version = b.version;
  }

  /** A regular file of {@code size} bytes. */
  public static Builder file(long size) {
    if (size < 0) {
      throw new IllegalArgumentException("negative size: " + size);
    }
    return new Builder(Type.FILE, size, 0444, null);
  }

  /** A directory. */
  public static Builder directory() {
    return new Builder(Type.DIRECTORY, 0, 0555, null);
  }

  /** A symbolic link to {@code target} (returned verbatim by readlink). */
  public static Builder symlink(String target) {
    if (target.isEmpty() || target.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("invalid symlink target: " + target);
    }
    return new Builder(Type.SYMLINK, target.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, 0777, target);
  }

  /** A builder that starts from this item's values. */
  public Builder toBuilder() {
    Builder b = new Builder(type, size, mode, symlinkTarget);
    b.creationTime = creationTime;
    b.lastAccessTime = lastAccessTime;
    b.lastWriteTime = lastWriteTime;
    b.changeTime = changeTime;
    b.version = version;
    return b;
  }

  /** The kind of item: file, directory or link. */
  public Type type() { return type; }
  /** Whether this is a directory. */
  public boolean isDirectory() { return type == Type.DIRECTORY; }
  /** Whether this is a symbolic link. */
  public boolean isSymlink() { return type == Type.SYMLINK; }
  /** Whether this is a regular file. */
  public boolean isFile() { return type == Type.FILE; }
  /** Bytes in the file (the target's length for a link, 0 for a directory). */
  public long size() { return size; }
  /** When the item was created; the Unix epoch unless set. */
  public Instant creationTime() { return creationTime; }
  /** When the item was last read (atime); the Unix epoch unless set. */
  public Instant lastAccessTime() { return lastAccessTime; }
  /** When the item's content was last written (mtime); the Unix epoch unless set. */
  public Instant lastWriteTime() { return lastWriteTime; }
  /** When the item last changed, metadata included (ctime); the Unix epoch unless set. */
  public Instant changeTime() { return changeTime; }
  /** POSIX permission bits (07777); the file type is {@link #type()}. */
  public int mode() { return mode; }
  /** The link target, or {@code null} if not a link. */
  public String symlinkTarget() { return symlinkTarget; }
  /** The version handed back on later callbacks for the item; {@link PlaceholderVersion#NONE} unless set. */
  public PlaceholderVersion version() { return version; }

  @Override
  public boolean equals(Object o) {
    return o instanceof PlaceholderInfo p
        && type == p.type && size == p.size && mode == p.mode
        && creationTime.equals(p.creationTime) && lastAccessTime.equals(p.lastAccessTime)
        && lastWriteTime.equals(p.lastWriteTime) && changeTime.equals(p.changeTime)
        && Objects.equals(symlinkTarget, p.symlinkTarget) && version.equals(p.version);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, size, mode, lastWriteTime, symlinkTarget, version);
  }

  @Override
  public String toString() {
    return "PlaceholderInfo[" + type + ", size=" + size + ", mode=" + Integer.toOctalString(mode)
        + (symlinkTarget != null ? ", target=" + symlinkTarget : "") + "]";
  }

  /** Builds a {@link PlaceholderInfo}. */
  public static final class Builder {
    private final Type type;
    private final long size;
    private int mode;
    private final String symlinkTarget;
    private Instant creationTime = Instant.EPOCH;
    private Instant lastAccessTime = Instant.EPOCH;
    private Instant lastWriteTime = Instant.EPOCH;
    private Instant changeTime = Instant.EPOCH;
    private PlaceholderVersion version = PlaceholderVersion.NONE;

    private Builder(Type type, long size, int mode, String symlinkTarget) {
      this.type = type;
      this.size = size;
      this.mode = mode;
      this.symlinkTarget = symlinkTarget;
    }

    /** Sets all four times to {@code time}. */
    public Builder times(Instant time) {
      return times(time, time, time, time);
    }

    /** Sets the four times, none of them null. */
    public Builder times(Instant creation, Instant lastAccess, Instant lastWrite, Instant change) {
      this.creationTime = Objects.requireNonNull(creation);
      this.lastAccessTime = Objects.requireNonNull(lastAccess);
      this.lastWriteTime = Objects.requireNonNull(lastWrite);
      this.changeTime = Objects.requireNonNull(change);
      return this;
    }

    /** Sets only the last write time (mtime). */
    public Builder lastWriteTime(Instant time) {
      this.lastWriteTime = Objects.requireNonNull(time);
      return this;
    }

    /** POSIX permission bits, {@code 0} to {@code 07777}. */
    public Builder mode(int mode) {
      if ((mode & ~07777) != 0) {
        throw new IllegalArgumentException("mode has bits beyond 07777: " + Integer.toOctalString(mode));
      }
      this.mode = mode;
      return this;
    }

    /** Sets the version (not null) holofs hands back on later callbacks for the item. */
    public Builder version(PlaceholderVersion version) {
      this.version = Objects.requireNonNull(version);
      return this;
    }

    /** The placeholder info. */
    public PlaceholderInfo build() {
      return new PlaceholderInfo(this);
    }
  }
}
