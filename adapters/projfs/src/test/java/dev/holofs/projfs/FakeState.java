package dev.holofs.projfs;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import dev.holofs.spi.FileNames;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the fake ProjFS remembers between calls: commands in flight, dir-entry buffers, data
 * streams and the placeholders on "disk"; and the checks of every call against them.
 */
final class FakeState {

  /** A placeholder as written, read back from native memory by the recorded offsets. */
  record Placeholder(boolean directory, long size, long lastWriteTime, int attributes,
      byte[] providerId, byte[] contentId, String symlinkTarget, boolean dirty) {
    Placeholder dirtied() {
      return new Placeholder(directory, size, lastWriteTime, attributes, providerId, contentId,
          symlinkTarget, true);
    }
  }

  /** One GET_FILE_DATA's stream: the bytes written for it, and what was asked. */
  static final class Stream {
    final FakeCommand command;
    final long offset;
    final int length;
    final long fileSize;
    final byte[] bytes;
    final boolean[] written;

    Stream(FakeCommand command, long offset, int length, long fileSize) {
      this.command = command;
      this.offset = offset;
      this.length = length;
      this.fileSize = fileSize;
      int expected = (int) Math.max(0, Math.min(length, fileSize - offset));
      this.bytes = new byte[expected];
      this.written = new boolean[expected];
    }

    /** Whether every byte up to the end of the request or the file was written. */
    synchronized boolean complete() {
      for (boolean w : written) {
        if (!w) {
          return false;
        }
      }
      return true;
    }
  }

  private final FakeProjFs fake;
  private final Layouts abi;
  final Map<Integer, FakeCommand> commands = new ConcurrentHashMap<>();
  final Map<Long, FakeDirBuffer> buffers = new ConcurrentHashMap<>();
  final Map<UUID, Stream> streams = new ConcurrentHashMap<>();
  /** By lower-cased path: Windows names are case-insensitive. */
  final Map<String, Placeholder> placeholders = new ConcurrentHashMap<>();
  /** Hydrated files' bytes, by lower-cased path; an update or delete drops them. */
  final Map<String, byte[]> hydrated = new ConcurrentHashMap<>();

  FakeState(FakeProjFs fake) {
    this.fake = fake;
    this.abi = fake.abi;
  }

  static String key(String path) {
    return path.toLowerCase(Locale.ROOT);
  }

  // ---- answers ---------------------------------------------------------------------------------

  /** The callback of {@code c} returned {@code hr}. */
  void returned(FakeCommand c, int hr) {
    if (c.completed && hr != Prj.HR_ERROR_IO_PENDING) {
      fake.violation(c + " was completed and its callback returned " + Prj.hex(hr) + " too");
      return;
    }
    if (hr == Prj.HR_ERROR_IO_PENDING) {
      c.state.compareAndSet(FakeCommand.INVOKED, FakeCommand.PENDING); // else cancelled meanwhile
      return;
    }
    if (c.state.compareAndSet(FakeCommand.INVOKED, FakeCommand.ANSWERED)
        || c.state.compareAndSet(FakeCommand.CANCELLING, FakeCommand.ANSWERED)) {
      c.answer.complete(hr);
    }
  }

  int complete(int commandId, int hr, Pointer extended) {
    FakeCommand c = commands.get(commandId);
    if (c == null) {
      fake.violation("PrjCompleteCommand of unknown command " + commandId);
      return Prj.E_INVALIDARG;
    }
    int s = c.state.get();
    // INVOKED: the callback may not have returned ERROR_IO_PENDING yet (ProjFS's own sample
    // completes from a thread it started before returning); its return is checked then.
    if (s == FakeCommand.ANSWERED || s == FakeCommand.CANCELLED) {
      fake.violation("PrjCompleteCommand of " + c + ", already "
          + (s == FakeCommand.ANSWERED ? "answered" : "cancelled"));
      return Prj.E_INVALIDARG;
    }
    if (c.kind == FakeCommand.Kind.GET_ENUMERATION) {
      FakeDirBuffer buffer = (FakeDirBuffer) c.target;
      String e = "PRJ_COMPLETE_COMMAND_EXTENDED_PARAMETERS";
      if (extended == null
          || extended.getInt(abi.offset(e, "CommandType")) != Prj.PRJ_COMPLETE_COMMAND_TYPE_ENUMERATION
          || Pointer.nativeValue(extended.getPointer(
              abi.offset(e, "DUMMYUNIONNAME.Enumeration.DirEntryBufferHandle")))
              != Pointer.nativeValue(buffer.handle)) {
        fake.violation("enumeration " + c + " completed without naming its dir-entry buffer");
        return Prj.E_INVALIDARG;
      }
    }
    if (c.state.compareAndSet(s, FakeCommand.ANSWERED)) {
      c.completed = true;
      c.answer.complete(hr);
      return Prj.S_OK;
    }
    return complete(commandId, hr, extended); // state moved meanwhile: judge again
  }

  /** Whether {@code c} may still be written for (placeholder, data, entries). */
  private boolean writable(FakeCommand c, String what) {
    int s = c.state.get();
    if (s == FakeCommand.ANSWERED || s == FakeCommand.CANCELLED) {
      fake.violation(what + " for " + c + " after it was " + (s == FakeCommand.ANSWERED
          ? "answered" : "cancelled"));
      return false;
    }
    return true;
  }

  // ---- placeholders ----------------------------------------------------------------------------

  int writePlaceholder(String path, Pointer info, Pointer extended) {
    FakeCommand request = commands.values().stream()
        .filter(c -> c.kind == FakeCommand.Kind.GET_PLACEHOLDER_INFO && c.path.equalsIgnoreCase(path)
            && c.state.get() != FakeCommand.ANSWERED && c.state.get() != FakeCommand.CANCELLED)
        .findAny().orElse(null);
    if (request == null) {
      fake.violation("PrjWritePlaceholderInfo of " + path + " with no GET_PLACEHOLDER_INFO in flight");
      return Prj.E_INVALIDARG;
    }
    placeholders.put(key(path), readPlaceholder(info, extended, false));
    return Prj.S_OK;
  }

  Placeholder readPlaceholder(Pointer info, Pointer extended, boolean dirty) {
    String p = "PRJ_PLACEHOLDER_INFO";
    int basic = abi.offset(p, "FileBasicInfo");
    String b = "PRJ_FILE_BASIC_INFO";
    int version = abi.offset(p, "VersionInfo");
    String v = "PRJ_PLACEHOLDER_VERSION_INFO";
    return new Placeholder(
        info.getByte(basic + abi.offset(b, "IsDirectory")) != 0,
        info.getLong(basic + abi.offset(b, "FileSize")),
        info.getLong(basic + abi.offset(b, "LastWriteTime")),
        info.getInt(basic + abi.offset(b, "FileAttributes")),
        info.getByteArray(version + abi.offset(v, "ProviderID"), Prj.PRJ_PLACEHOLDER_ID_LENGTH),
        info.getByteArray(version + abi.offset(v, "ContentID"), Prj.PRJ_PLACEHOLDER_ID_LENGTH),
        symlinkTarget(extended), dirty);
  }

  private String symlinkTarget(Pointer extended) {
    if (extended == null) {
      return null;
    }
    String e = "PRJ_EXTENDED_INFO";
    if (extended.getInt(abi.offset(e, "InfoType")) != Prj.PRJ_EXT_INFO_TYPE_SYMLINK) {
      fake.violation("extended info of unknown type " + extended.getInt(0));
      return null;
    }
    return extended.getPointer(abi.offset(e, "DUMMYUNIONNAME.Symlink.TargetName")).getWideString(0);
  }

  int update(String path, Pointer info, int flags, IntByReference failure) {
    Placeholder old = placeholders.get(key(path));
    if (old == null) {
      return Prj.HR_ERROR_FILE_NOT_FOUND;
    }
    int cause = 0;
    if (old.dirty() && (flags & Prj.PRJ_UPDATE_ALLOW_DIRTY_DATA) == 0) {
      cause |= Prj.PRJ_UPDATE_FAILURE_CAUSE_DIRTY_DATA;
    }
    if ((old.attributes() & Prj.FILE_ATTRIBUTE_READONLY) != 0
        && (flags & Prj.PRJ_UPDATE_ALLOW_READ_ONLY) == 0) {
      cause |= Prj.PRJ_UPDATE_FAILURE_CAUSE_READ_ONLY;
    }
    failure.setValue(cause);
    if (cause != 0) {
      return 0x80070000 | 385; // ERROR_FILE_SYSTEM_VIRTUALIZATION_INVALID_OPERATION
    }
    placeholders.put(key(path), readPlaceholder(info, null, false));
    hydrated.remove(key(path)); // back to a plain placeholder: the next read asks again
    return Prj.S_OK;
  }

  int delete(String path, int flags, IntByReference failure) {
    Placeholder old = placeholders.get(key(path));
    if (old == null) {
      return Prj.HR_ERROR_FILE_NOT_FOUND;
    }
    if (old.dirty() && (flags & Prj.PRJ_UPDATE_ALLOW_DIRTY_DATA) == 0) {
      failure.setValue(Prj.PRJ_UPDATE_FAILURE_CAUSE_DIRTY_DATA);
      return 0x80070000 | 385;
    }
    placeholders.remove(key(path));
    hydrated.remove(key(path));
    return Prj.S_OK;
  }

  int onDiskState(String path, IntByReference state) {
    if (!placeholders.containsKey(key(path))) {
      return Prj.HR_ERROR_FILE_NOT_FOUND;
    }
    state.setValue(Prj.PRJ_FILE_STATE_PLACEHOLDER);
    return Prj.S_OK;
  }

  // ---- data ------------------------------------------------------------------------------------

  int writeData(UUID streamId, Pointer buffer, long offset, int length) {
    Stream stream = streams.get(streamId);
    if (stream == null) {
      fake.violation("PrjWriteFileData to unknown stream " + streamId);
      return Prj.E_INVALIDARG;
    }
    if (!writable(stream.command, "PrjWriteFileData")) {
      return Prj.E_INVALIDARG;
    }
    int a = fake.writeAlignment();
    long end = offset + length;
    if (Pointer.nativeValue(buffer) % a != 0 || offset % a != 0
        || (length % a != 0 && end != stream.fileSize)) {
      fake.violation("unaligned PrjWriteFileData of " + stream.command + ": offset " + offset
          + ", length " + length + ", alignment " + a + ", file size " + stream.fileSize);
      return Prj.E_INVALIDARG;
    }
    if (offset < stream.offset || end > stream.offset + stream.bytes.length) {
      fake.violation("PrjWriteFileData of " + stream.command + " outside the request: ["
          + offset + ", " + end + ")");
      return Prj.E_INVALIDARG;
    }
    byte[] data = buffer.getByteArray(0, length);
    synchronized (stream) {
      int at = (int) (offset - stream.offset);
      System.arraycopy(data, 0, stream.bytes, at, length);
      Arrays.fill(stream.written, at, at + length, true);
    }
    return Prj.S_OK;
  }

  // ---- enumeration -----------------------------------------------------------------------------

  int fill(Pointer handle, String name, Pointer basic, Pointer extended) {
    FakeDirBuffer buffer = handle == null ? null : buffers.get(Pointer.nativeValue(handle));
    if (buffer == null || buffer.closed) {
      fake.violation("PrjFillDirEntryBuffer into " + (buffer == null ? "an unknown" : "a closed")
          + " buffer: " + name);
      return Prj.E_INVALIDARG;
    }
    String b = "PRJ_FILE_BASIC_INFO";
    FakeDirBuffer.Entry e = new FakeDirBuffer.Entry(name,
        basic.getByte(abi.offset(b, "IsDirectory")) != 0, basic.getLong(abi.offset(b, "FileSize")),
        basic.getInt(abi.offset(b, "FileAttributes")), symlinkTarget(extended));
    if (!FileNames.isValidName(name)) {
      fake.violation("invalid name filled: " + HexFormat.of().formatHex(name.getBytes()));
    }
    return buffer.add(e) ? Prj.S_OK : Prj.HR_ERROR_INSUFFICIENT_BUFFER;
  }

  /** A fresh handle's buffer, registered. */
  FakeDirBuffer newBuffer(int capacity, boolean singleEntry) {
    FakeDirBuffer buffer = new FakeDirBuffer(capacity, singleEntry);
    buffers.put(Pointer.nativeValue(buffer.handle), buffer);
    return buffer;
  }

  void closeBuffer(FakeDirBuffer buffer) {
    buffer.closed = true;
    buffers.remove(Pointer.nativeValue(buffer.handle));
  }

  /** A 16-byte GUID in native memory. */
  static Memory guid(UUID id) {
    Memory m = new Memory(16);
    m.write(0, ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits()).array(), 0, 16);
    return m;
  }
}
