package dev.holofs.zip;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.TimeZone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an archive's central directory — and nothing else — into {@link CdRecords}, each record
 * handed with its name to an {@link EntryHandler} as it is read: the end of central directory
 * record is found from the end of the file, ZIP64 records are followed, and every inconsistency
 * refuses the archive with a one-line reason. The central directory is read in one go (mapped if
 * it is large), and only what the tree keeps outlives the parse.
 */
final class CentralDirectoryReader {

  private static final Logger log = LoggerFactory.getLogger(CentralDirectoryReader.class);

  static final int EOCD_SIG = 0x06054b50;
  static final int ZIP64_LOCATOR_SIG = 0x07064b50;
  static final int ZIP64_EOCD_SIG = 0x06064b50;
  static final int CEN_SIG = 0x02014b50;
  private static final int EOCD_LEN = 22;
  private static final int CEN_LEN = 46;
  /** Central directories are read whole; beyond this they are refused rather than exhaust memory. */
  private static final long MAX_CD_BYTES = Integer.MAX_VALUE - 64;
  /** Central directories up to this size are read onto the heap; larger ones are mapped. */
  private static final long MAX_HEAP_CD_BYTES = 32 << 20;

  /** Takes each record as it is read. */
  interface EntryHandler {
    /** Record {@code record}, named {@code rawName}. */
    void entry(int record, String rawName, boolean directory);

    /** Record {@code record}, whose name is ASCII: {@code name[0, length)}, valid during the call. */
    void asciiEntry(int record, byte[] name, int length, boolean directory);
  }

  private final FileChannel channel;
  private final Charset fallback;
  private final boolean fallbackIsAscii;
  private final long fileSize;
  private final TimeZone zone = TimeZone.getDefault();
  private int lastDosKey = -1;
  private long lastDosSeconds;
  /** The name being decoded (names are at most 65,535 bytes). */
  private final byte[] nameBytes = new byte[0xFFFF];
  private Location location;

  CentralDirectoryReader(FileChannel channel, Charset fallback) throws IOException {
    this.channel = channel;
    this.fallback = fallback;
    this.fallbackIsAscii = decodesAsciiAsAscii(fallback);
    this.fileSize = channel.size();
  }

  /** Where the central directory is: its bytes, its declared entry count, and the prefix shift. */
  private record Location(long start, long size, long total, long shift) {}

  /** How many records the end record declares (capped: it may be damaged), to size tables by. */
  int declaredEntries() throws IOException {
    return (int) Math.min(location().total(), 1 << 20);
  }

  /** Where the central directory starts in the file. */
  long start() throws IOException {
    return location().start();
  }

  /** Adds every record to {@code records} and hands it, with its name, to {@code handler}. */
  void read(CdRecords records, EntryHandler handler) throws IOException {
    Location l = location();
    long cdStart = l.start();
    long shift = l.shift();
    // Read onto the heap in one go: a heap buffer's reads cost about half a mapped one's while
    // the parse still runs interpreted or in C1 code, and a mount is listable only after it
    // (16,000 records: 17-22 ms instead of 25-35 in a cold JVM). Larger directories are mapped.
    ByteBuffer cd = l.size() <= MAX_HEAP_CD_BYTES ? readAt(cdStart, (int) l.size())
        : channel.map(FileChannel.MapMode.READ_ONLY, cdStart, l.size()).order(ByteOrder.LITTLE_ENDIAN);
    for (int p = 0; p < cd.limit(); p = nextRecord(cd, p)) {
      parseRecord(cd, p, cdStart, shift, records, handler);
    }
    int count = records.count();
    if (count != l.total() && (count & 0xFFFF) != (l.total() & 0xFFFF)) {
      log.warn("the central directory holds {} entries; its end record says {}", count, l.total());
    }
  }

  private Location location() throws IOException {
    if (location == null) {
      location = locate();
    }
    return location;
  }

  private Location locate() throws IOException {
    if (fileSize < EOCD_LEN) {
      throw new ZipFormatException("not a zip archive: no end of central directory record"
          + " (the file has only " + fileSize + " bytes)");
    }
    int tailLen = (int) Math.min(fileSize, EOCD_LEN + 0xFFFF);
    ByteBuffer tail = readAt(fileSize - tailLen, tailLen);
    int eocd = findEocd(tail);
    if (eocd < 0) {
      throw new ZipFormatException("not a zip archive: no end of central directory record");
    }
    long eocdPos = fileSize - tailLen + eocd;
    int disk = Short.toUnsignedInt(tail.getShort(eocd + 4));
    int cdDisk = Short.toUnsignedInt(tail.getShort(eocd + 6));
    long total = Short.toUnsignedInt(tail.getShort(eocd + 10));
    long cdSize = Integer.toUnsignedLong(tail.getInt(eocd + 12));
    long cdOffset = Integer.toUnsignedLong(tail.getInt(eocd + 16));
    long cdEnd = eocdPos;

    if (eocdPos >= 20) {
      ByteBuffer loc = readAt(eocdPos - 20, 20);
      if (loc.getInt(0) == ZIP64_LOCATOR_SIG) {
        long z64Pos = loc.getLong(8);
        if (z64Pos < 0 || z64Pos + 56 > eocdPos - 20) {
          throw new ZipFormatException("damaged ZIP64 end of central directory locator at offset "
              + (eocdPos - 20));
        }
        ByteBuffer z = readAt(z64Pos, 56);
        if (z.getInt(0) != ZIP64_EOCD_SIG) {
          throw new ZipFormatException("damaged ZIP64 end of central directory record at offset " + z64Pos);
        }
        disk = z.getInt(16);
        cdDisk = z.getInt(20);
        total = z.getLong(32);
        cdSize = z.getLong(40);
        cdOffset = z.getLong(48);
        cdEnd = z64Pos;
      }
    }
    if (disk != 0 || cdDisk != 0) {
      throw new ZipFormatException("split or spanned archives are not supported (disk " + disk + ")");
    }
    if (cdSize < 0 || cdOffset < 0 || total < 0 || cdSize > cdEnd) {
      throw new ZipFormatException("damaged central directory at offset " + cdOffset
          + ": it does not fit in the file");
    }
    // Data prepended to the archive (a self-extractor stub) shifts every offset by the same amount.
    long shift = cdEnd - cdSize - cdOffset;
    if (shift < 0) {
      throw new ZipFormatException("damaged central directory at offset " + cdOffset
          + ": it runs past the end of the file");
    }
    if (cdSize > MAX_CD_BYTES) {
      throw new ZipFormatException("central directory of " + cdSize + " bytes is too large");
    }
    if (total > cdSize / CEN_LEN + 1) {
      throw new ZipFormatException("damaged central directory at offset " + cdOffset
          + ": " + total + " entries cannot fit in " + cdSize + " bytes");
    }
    return new Location(cdOffset + shift, cdSize, total, shift);
  }

  /** The position of the end record in {@code tail}: the last signature whose comment fits. */
  private static int findEocd(ByteBuffer tail) {
    for (int i = tail.limit() - EOCD_LEN; i >= 0; i--) {
      if (tail.getInt(i) == EOCD_SIG) {
        int commentLen = Short.toUnsignedInt(tail.getShort(i + 20));
        if (i + EOCD_LEN + commentLen <= tail.limit()) {
          return i;
        }
      }
    }
    return -1;
  }

  private static int nextRecord(ByteBuffer cd, int p) {
    return p + CEN_LEN + Short.toUnsignedInt(cd.getShort(p + 28))
        + Short.toUnsignedInt(cd.getShort(p + 30)) + Short.toUnsignedInt(cd.getShort(p + 32));
  }

  private void parseRecord(ByteBuffer cd, int p, long cdStart, long shift, CdRecords records,
      EntryHandler handler) throws ZipFormatException {
    long at = cdStart + p;
    if (cd.limit() - p < CEN_LEN || cd.getInt(p) != CEN_SIG) {
      throw new ZipFormatException("damaged central directory at offset " + at
          + ": no entry signature");
    }
    int madeBy = Short.toUnsignedInt(cd.getShort(p + 4));
    int flags = Short.toUnsignedInt(cd.getShort(p + 8));
    int method = Short.toUnsignedInt(cd.getShort(p + 10));
    int dosTime = Short.toUnsignedInt(cd.getShort(p + 12));
    int dosDate = Short.toUnsignedInt(cd.getShort(p + 14));
    long crc = Integer.toUnsignedLong(cd.getInt(p + 16));
    long csize = Integer.toUnsignedLong(cd.getInt(p + 20));
    long usize = Integer.toUnsignedLong(cd.getInt(p + 24));
    int nameLen = Short.toUnsignedInt(cd.getShort(p + 28));
    int extraLen = Short.toUnsignedInt(cd.getShort(p + 30));
    int commentLen = Short.toUnsignedInt(cd.getShort(p + 32));
    int disk = Short.toUnsignedInt(cd.getShort(p + 34));
    long external = Integer.toUnsignedLong(cd.getInt(p + 38));
    long offset = Integer.toUnsignedLong(cd.getInt(p + 42));
    if (p + CEN_LEN + nameLen + extraLen + commentLen > cd.limit()) {
      throw new ZipFormatException("damaged central directory at offset " + at
          + ": entry runs past the central directory");
    }
    cd.get(p + CEN_LEN, nameBytes, 0, nameLen);
    if (extraLen == 0) { // the common case, without the extra fields' parser
      if (disk != 0 && disk != 0xFFFF) {
        throw new ZipFormatException("damaged central directory at offset " + at
            + ": entry on disk " + disk + " of a split archive");
      }
      long mtime = dosSeconds(dosDate, dosTime);
      hand(handler, records.add(madeBy, flags, method, crc, csize, usize, offset + shift, external,
          mtime, mtime, mtime, p), null, nameLen, flags, madeBy, external, usize);
      return;
    }
    ExtraFields extra;
    try {
      extra = new ExtraFields(cd.slice(p + CEN_LEN + nameLen, extraLen), nameBytes, 0, nameLen,
          usize, csize, offset, disk);
    } catch (IllegalArgumentException e) {
      throw new ZipFormatException("damaged central directory at offset " + at + ": " + e.getMessage());
    }
    long mtime = extra.modified != Long.MIN_VALUE ? extra.modified : dosSeconds(dosDate, dosTime);
    long atime = extra.accessed != Long.MIN_VALUE ? extra.accessed : mtime;
    long ctime = extra.created != Long.MIN_VALUE ? extra.created : mtime;
    hand(handler, records.add(madeBy, flags, method, crc, extra.compressedSize, extra.size,
        extra.localHeaderOffset + shift, external, mtime, atime, ctime, p), extra.unicodeName,
        nameLen, flags, madeBy, external, extra.size);
  }

  /**
   * Hands record {@code rec} to {@code handler}: its name as the bytes read if they are ASCII
   * (most names: no String is made for them), else decoded ({@code unicodeName} if an extra field
   * gave one).
   */
  private void hand(EntryHandler handler, int rec, String unicodeName, int nameLen, int flags,
      int madeBy, long external, long size) {
    if (unicodeName == null && isAscii(nameLen, flags)) {
      boolean slash = nameLen > 0 && nameBytes[nameLen - 1] == '/';
      handler.asciiEntry(rec, nameBytes, nameLen, CdEntry.isDirectory(slash, madeBy, external, size));
      return;
    }
    String name = unicodeName != null ? unicodeName : name(nameLen, flags);
    handler.entry(rec, name, CdEntry.isDirectory(name.endsWith("/"), madeBy, external, size));
  }

  /** Whether the stored name is ASCII, and its charset reads ASCII as ASCII. */
  private boolean isAscii(int length, int flags) {
    if (nameCharset(flags) == fallback && !fallbackIsAscii) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (nameBytes[i] < 0) {
        return false;
      }
    }
    return true;
  }

  /** A stored name that is not ASCII, decoded. */
  private String name(int length, int flags) {
    return new String(nameBytes, 0, length, nameCharset(flags));
  }

  /** Whether {@code charset} decodes bytes 0..127 as ASCII (CP437 and ISO-8859-x do; EBCDIC does not). */
  private static boolean decodesAsciiAsAscii(Charset charset) {
    byte[] ascii = new byte[128];
    for (int i = 0; i < ascii.length; i++) {
      ascii[i] = (byte) i;
    }
    return new String(ascii, charset).equals(new String(ascii, StandardCharsets.ISO_8859_1));
  }

  /** UTF-8 if general purpose bit 11 says so, else the fallback charset. */
  private Charset nameCharset(int flags) {
    return (flags & 0x800) != 0 ? StandardCharsets.UTF_8 : fallback;
  }

  /**
   * An MS-DOS date and time (local time, 2-second resolution) in Unix seconds; 0 if invalid. The
   * zone is the legacy {@link TimeZone}: java.time's zone rules cost a cold JVM another 10-20 ms
   * of loading on the way to a listable mount. The offset is found in two passes (the offset in
   * force at the local time read with the standard one, then at the local time read with that),
   * so a zone whose standard offset changed since is read right too: only a local time that is
   * ambiguous or missing (in a clock change's gap or overlap) may be read with the offset of
   * either side.
   */
  long dosSeconds(int date, int time) {
    int key = date << 16 | time;
    if (key == lastDosKey) {
      return lastDosSeconds; // archives are usually written within a few seconds
    }
    int hour = time >>> 11;
    int minute = (time >>> 5) & 0x3F;
    int second = (time & 0x1F) * 2;
    long seconds = 0;
    if (hour < 24 && minute < 60 && second < 60) {
      try {
        long day = LocalDate.of(1980 + (date >>> 9), (date >>> 5) & 0xF, date & 0x1F).toEpochDay();
        long localMillis = ((day * 24 + hour) * 60 + minute) * 60_000 + second * 1000L;
        int guess = zone.getOffset(localMillis - zone.getRawOffset()); // today's standard offset
        int offset = zone.getOffset(localMillis - guess);
        seconds = Math.floorDiv(localMillis - offset, 1000);
      } catch (java.time.DateTimeException e) {
        seconds = 0;
      }
    }
    lastDosKey = key;
    lastDosSeconds = seconds;
    return seconds;
  }

  private ByteBuffer readAt(long position, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    ArchiveReads.readFully(channel, b, position);
    return b.flip();
  }
}
