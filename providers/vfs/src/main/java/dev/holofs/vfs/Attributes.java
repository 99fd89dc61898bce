package dev.holofs.vfs;

import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.PlaceholderVersion;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.FileType;

/**
 * A {@link FileObject}'s attributes as a placeholder. Files carry a version made of their size and
 * modification time, so a read can tell the file it is served from is still the one that was
 * listed.
 */
final class Attributes {

  private Attributes() {}

  /** What {@code file} is, or null if it does not exist. Uses what a listing attached, if anything. */
  static PlaceholderInfo of(FileObject file) throws FileSystemException {
    FileType type = file.getType();
    if (type == FileType.IMAGINARY) {
      return null;
    }
    Instant modified = modified(file);
    if (type == FileType.FOLDER) {
      return PlaceholderInfo.directory().times(modified).build();
    }
    long size = file.getContent().getSize();
    return PlaceholderInfo.file(size).times(modified).version(version(size, modified)).build();
  }

  /** The version of a file of {@code size} bytes modified at {@code modified}. */
  static PlaceholderVersion version(long size, Instant modified) {
    return PlaceholderVersion.ofContent(ByteBuffer.allocate(16)
        .putLong(size).putLong(modified.toEpochMilli()).array());
  }

  /** The size a version records, or -1 for a version this class did not make. */
  static long size(PlaceholderVersion version) {
    byte[] id = version.contentId();
    return id.length == 16 ? ByteBuffer.wrap(id).getLong() : -1;
  }

  private static Instant modified(FileObject file) {
    try {
      long millis = file.getContent().getLastModifiedTime();
      return millis > 0 ? Instant.ofEpochMilli(millis) : Instant.EPOCH;
    } catch (FileSystemException notKept) {
      return Instant.EPOCH; // some schemes keep no time for folders
    }
  }
}
