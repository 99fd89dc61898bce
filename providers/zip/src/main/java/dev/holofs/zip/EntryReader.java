package dev.holofs.zip;

import dev.holofs.spi.Command;
import dev.holofs.spi.DataSink;
import dev.holofs.spi.Printable;
import dev.holofs.spi.ProjectedPath;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads entry data: checks each entry's local header once, serves stored entries by positional
 * reads and deflated ones through {@link InflatedChunks}; refuses encrypted entries and unknown
 * methods.
 */
final class EntryReader {

  private static final Logger log = LoggerFactory.getLogger(EntryReader.class);

  static final int STORED = 0;
  static final int DEFLATED = 8;
  private static final int LOC_SIG = 0x04034b50;
  private static final int LOC_LEN = 30;

  private final FileChannel channel;
  /** Entry data must end before this offset (the central directory's start). */
  private final long dataLimit;
  private final InflatedChunks inflated;

  EntryReader(FileChannel channel, long dataLimit, ZipOptions options) {
    this.channel = channel;
    this.dataLimit = dataLimit;
    this.inflated = new InflatedChunks(channel, options);
  }

  /** Writes bytes {@code [offset, offset + length)} of a file entry, cut at its end, to the sink. */
  void read(Command command, ProjectedPath path, FileEntry file, long offset, int length, DataSink sink)
      throws IOException {
    CdEntry e = file.entry;
    checkReadable(path, file);
    if (offset >= e.size() || length <= 0) {
      return;
    }
    int n = (int) Math.min(length, e.size() - offset);
    long start = dataStart(command, file);
    if (e.method() == STORED) {
      ByteBuffer b = ByteBuffer.allocate(n);
      command.blocking(() -> readFully(b, start + offset));
      sink.write(b.flip());
    } else {
      inflated.read(command, file, start, offset, n, sink);
    }
  }

  /** The whole of a small entry (a symlink target), at most {@code max} bytes. */
  byte[] readSmall(Command command, ProjectedPath path, FileEntry file, int max) throws IOException {
    CdEntry e = file.entry;
    checkReadable(path, file);
    if (e.size() > max || e.compressedSize() > 4L * max + 64) {
      throw new IOException("entry of " + e.size() + " bytes is too large");
    }
    long start = dataStart(command, file);
    if (e.method() == STORED) {
      ByteBuffer raw = ByteBuffer.allocate((int) e.size());
      command.blocking(() -> readFully(raw, start));
      return raw.array();
    }
    return command.blocking(() -> inflated.inflateWhole(file, start));
  }

  private static void checkReadable(ProjectedPath path, FileEntry file) throws IOException {
    CdEntry e = file.entry;
    if (e.isEncrypted()) {
      if (!file.refusalLogged) {
        file.refusalLogged = true;
        log.warn("{}: entry is encrypted; holofs cannot decrypt it", Printable.of(path.toString()));
      }
      throw new AccessDeniedException(path.toString(), null, "encrypted zip entry");
    }
    if (e.method() != STORED && e.method() != DEFLATED) {
      if (!file.refusalLogged) {
        file.refusalLogged = true;
        log.warn("{}: compression method {} ({}) is not supported", Printable.of(path.toString()),
            e.method(), methodName(e.method()));
      }
      throw new IOException("unsupported compression method " + e.method() + " (" + methodName(e.method())
          + ")");
    }
    if (e.method() == STORED && e.size() != e.compressedSize()) {
      throw new IOException("stored entry with a size of " + e.size() + " but "
          + e.compressedSize() + " bytes of data");
    }
    String failure = file.failure;
    if (failure != null) {
      throw new IOException(failure);
    }
  }

  /** Where the entry's data starts, from its local header (read once, then remembered). */
  private long dataStart(Command command, FileEntry file) throws IOException {
    long start = file.dataStart;
    if (start >= 0) {
      return start;
    }
    CdEntry e = file.entry;
    long loc = e.localHeaderOffset();
    String bad = "bad local header offset " + loc + " for entry \"" + file + "\": ";
    if (loc < 0 || loc + LOC_LEN > dataLimit) {
      throw new IOException(bad + "outside the archive's data");
    }
    ByteBuffer h = ByteBuffer.allocate(LOC_LEN).order(ByteOrder.LITTLE_ENDIAN);
    command.blocking(() -> readFully(h, loc));
    if (h.getInt(0) != LOC_SIG) {
      throw new IOException(bad + "no local header signature there");
    }
    start = loc + LOC_LEN + Short.toUnsignedInt(h.getShort(26)) + Short.toUnsignedInt(h.getShort(28));
    if (start + e.compressedSize() > dataLimit || start + e.compressedSize() < 0) {
      throw new IOException(bad + "its " + e.compressedSize() + " bytes of data run past the archive's data");
    }
    file.dataStart = start;
    return start;
  }

  private Void readFully(ByteBuffer b, long position) throws IOException {
    ArchiveReads.readFully(channel, b, position);
    return null;
  }

  static String methodName(int method) {
    return switch (method) {
      case 1 -> "shrink";
      case 6 -> "implode";
      case 9 -> "deflate64";
      case 12 -> "bzip2";
      case 14 -> "lzma";
      case 93 -> "zstd";
      case 95 -> "xz";
      case 98 -> "ppmd";
      case 99 -> "AES-encrypted";
      default -> "unknown";
    };
  }

  InflatedChunks inflated() {
    return inflated;
  }

  void close() {
    inflated.close();
  }
}
