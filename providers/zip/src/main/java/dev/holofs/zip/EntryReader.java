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
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads entry data: checks each entry's local header once, serves stored entries by positional
 * reads and deflated ones through {@link InflatedChunks}; refuses encrypted entries and unknown
 * methods.
 *
 * <p>Every entry's CRC-32 is checked once reads have covered all of it, in whatever order: a
 * mismatch fails the read that completes the entry with an {@code IOException} (EIO), is logged
 * once, and fails every later read of the entry. A reader that never covers an entry whole (reads
 * only its middle, say) cannot be checked, and may get damaged bytes. An entry whose local header
 * disagrees with its central directory record (name, method or sizes: several records pointing at
 * one header, say) is refused the same way when it is first read: only the central directory is
 * read when the archive is opened.
 */
final class EntryReader {

  private static final Logger log = LoggerFactory.getLogger(EntryReader.class);

  static final int STORED = 0;
  static final int DEFLATED = 8;
  private static final int LOC_SIG = 0x04034b50;
  private static final int LOC_LEN = 30;
  private static final int CEN_LEN = 46;
  /** Bytes of name read with a header, which hold almost every name at once. */
  private static final int NAME_GUESS = 256;

  private final FileChannel channel;
  /** Entry data must end before this offset (the central directory's start). */
  private final long dataLimit;
  private final InflatedChunks inflated;

  EntryReader(FileChannel channel, long dataLimit, ZipOptions options) {
    this.channel = channel;
    this.dataLimit = dataLimit;
    this.inflated = new InflatedChunks(channel, options);
  }

  /**
   * Writes bytes {@code [offset, offset + length)} of a file entry, cut at its end, to the sink.
   * True when its read state need not be kept (the one place that decides): this read ended a
   * read through the whole entry, in order and without fault; the entry keeps no inflaters or
   * restart points (only entries inflated whole end so, see {@link InflatedChunks#read}); and it
   * holds no symlink target (shown as a file when unusable, read again and warned about again).
   */
  boolean read(Command command, ProjectedPath path, FileEntry file, long offset, int length,
      DataSink sink) throws IOException {
    CdEntry e = file.entry;
    checkReadable(path, file);
    if (offset >= e.size() || length <= 0) {
      return false;
    }
    int n = (int) Math.min(length, e.size() - offset);
    long start = dataStart(command, file);
    boolean through;
    if (e.method() == STORED) {
      ByteBuffer b = ByteBuffer.allocate(n);
      command.blocking(() -> readFully(b, start + offset));
      checkCrc(file, offset, b.flip());
      through = file.readThrough(offset, n);
      sink.write(b);
    } else {
      through = inflated.read(command, file, start, offset, n, sink);
    }
    return through && file.failure == null && file.linkTarget == null;
  }

  /**
   * Whether {@code e} is an entry that is inflated whole: deflated, not encrypted, not empty, small
   * enough; the entries worth inflating ahead of a reader (if not found broken already). Not an
   * empty one: the kernel knows its size and never reads it, so inflated ahead it would stay in
   * the cache (a many-file archive's 11,000 empty entries took 1 MiB of it, and their keys more).
   */
  boolean inflatesWhole(CdEntry e) {
    return e.method() == DEFLATED && !e.isEncrypted() && e.size() > 0 && inflated.isWhole(e);
  }

  /** Whether {@code e} ({@link #inflatesWhole}) is cached now. */
  boolean hasWhole(CdEntry e) {
    return inflated.hasWhole(e);
  }

  /**
   * Inflates {@code file} ({@link #inflatesWhole}) into the cache ahead of a reader, on the
   * calling (background) thread. A broken entry fails here as it would for a reader, who then
   * hears why.
   */
  void inflateAhead(FileEntry file) throws IOException {
    inflated.loadWhole(file, dataStart(null, file));
  }

  /** Drops the inflated bytes of the entry of record {@code record} from the cache. */
  void dropWhole(int record) {
    inflated.dropWhole(record);
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
      checkCrc(file, 0, raw.flip());
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

  /** Adds a stored read to the entry's coverage; fails it if it completes a CRC mismatch. */
  private static void checkCrc(FileEntry file, long offset, ByteBuffer data) throws IOException {
    CrcCoverage coverage = file.coverage();
    if (coverage == null || !coverage.add(offset, data)) {
      return;
    }
    file.crcChecked();
    if (coverage.value() != file.entry.crc()) {
      throw refuse(file, String.format("CRC mismatch: the entry says %08x, its data gives %08x",
          file.entry.crc(), coverage.value()));
    }
  }

  /** Fails the entry for good: this read and every later one; logged once, here. */
  private static IOException refuse(FileEntry file, String why) {
    if (file.fail(why)) {
      log.warn("{}: {}; every read of it fails", file, why);
    }
    return new IOException(why);
  }

  /**
   * Where the entry's data starts, from its local header (read and compared with the central
   * directory's record once, then remembered). {@code command} is null when inflating ahead.
   */
  private long dataStart(Command command, FileEntry file) throws IOException {
    long start = file.dataStart;
    if (start >= 0) {
      return start;
    }
    CdEntry e = file.entry;
    long loc = e.localHeaderOffset();
    if (loc < 0 || loc + LOC_LEN > dataLimit) {
      throw refuse(file, badOffset(loc) + "outside the archive's data");
    }
    // The header and, almost always, the name after it in one read.
    int guess = (int) Math.min(LOC_LEN + NAME_GUESS, dataLimit - loc);
    ByteBuffer h = ByteBuffer.allocate(guess).order(ByteOrder.LITTLE_ENDIAN);
    io(command, () -> readFully(h, loc));
    if (h.getInt(0) != LOC_SIG) {
      throw refuse(file, badOffset(loc) + "no local header signature there");
    }
    int nameLength = Short.toUnsignedInt(h.getShort(26));
    start = loc + LOC_LEN + nameLength + Short.toUnsignedInt(h.getShort(28));
    if (start + e.compressedSize() > dataLimit || start + e.compressedSize() < 0) {
      throw refuse(file, badOffset(loc) + "its " + e.compressedSize()
          + " bytes of data run past the archive's data");
    }
    byte[] localName = LOC_LEN + nameLength <= guess
        ? Arrays.copyOfRange(h.array(), LOC_LEN, LOC_LEN + nameLength)
        : localName(command, loc, nameLength);
    String disagreement = LocalHeaders.disagreement(h, e, localName, centralName(command, e));
    if (disagreement != null) {
      throw refuse(file, "its local header disagrees with the central directory on " + disagreement);
    }
    file.dataStart = start;
    return start;
  }

  /**
   * The start of a refusal, made only on failure: string concatenation is bootstrapped through
   * method handles, which C1 (a zip mount's only compiler) does not inline, and every file's first
   * read passes here.
   */
  private static String badOffset(long loc) {
    return "bad local header offset " + loc + ": ";
  }

  private byte[] localName(Command command, long loc, int length) throws IOException {
    ByteBuffer name = ByteBuffer.allocate(length);
    io(command, () -> readFully(name, loc + LOC_LEN));
    return name.array();
  }

  /** The name as the central directory record stores it (the record lies before dataLimit's end). */
  private byte[] centralName(Command command, CdEntry e) throws IOException {
    long record = dataLimit + e.centralOffset();
    // The record and, almost always, its name in one read (short only at the archive's end).
    ByteBuffer r = ByteBuffer.allocate(CEN_LEN + NAME_GUESS).order(ByteOrder.LITTLE_ENDIAN);
    int got = io(command, () -> ArchiveReads.readUpTo(channel, r, record));
    int n = got >= CEN_LEN ? Short.toUnsignedInt(r.getShort(28)) : Integer.MAX_VALUE;
    if (n <= got - CEN_LEN) {
      return Arrays.copyOfRange(r.array(), CEN_LEN, CEN_LEN + n);
    }
    ByteBuffer length = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN);
    io(command, () -> readFully(length, record + 28));
    ByteBuffer name = ByteBuffer.allocate(Short.toUnsignedInt(length.getShort(0)));
    io(command, () -> readFully(name, record + CEN_LEN));
    return name.array();
  }

  /** Runs blocking I/O for {@code command}, or here if there is none (inflating ahead). */
  private static <T> T io(Command command, Callable<T> work) throws IOException {
    if (command != null) {
      return command.blocking(work);
    }
    try {
      return work.call();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
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
