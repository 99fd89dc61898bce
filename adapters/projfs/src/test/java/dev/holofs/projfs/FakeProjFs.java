package dev.holofs.projfs;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.holofs.spi.FileNames;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ProjFS's side of the contract, played in-process from the documentation: the adapter under test
 * calls it as it would call ProjectedFSLib.dll, and it calls the adapter's callbacks through their
 * native function pointers, from its own pool of PoolThreadCount threads, with PRJ_CALLBACK_DATA
 * and friends laid out in native memory by the offsets recorded in layouts.txt (never by the
 * binding's own structures, which would check nothing). Structures the adapter passes in are read
 * the same way, from the memory JNA would hand the DLL.
 *
 * <p>It enforces what ProjFS would: data writes aligned to WriteAlignment from buffers it
 * allocated, a full dir-entry buffer answering INSUFFICIENT_BUFFER, completions only of pending
 * commands (never of unknown, answered or cancelled ones), enumeration completions naming their
 * buffer. Every breach is recorded in {@link #violations()}; tests assert there are none.
 */
final class FakeProjFs implements ProjectedFsLib {

  static final int PROCESS_ID = 4242;

  final Layouts abi = Layouts.load();
  final FakeState state;
  private final int writeAlignment;
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final Map<String, UUID> markedRoots = new ConcurrentHashMap<>();
  private final Map<Long, Memory> alignedBuffers = new ConcurrentHashMap<>();
  private final AtomicInteger stops = new AtomicInteger();
  private final AtomicInteger negativeCacheClears = new AtomicInteger();
  private volatile Memory context;
  private volatile UUID instanceId;
  volatile int poolThreadCount;
  volatile int concurrentThreadCount;
  volatile int startFlags;
  volatile int notificationMask;
  volatile String notificationRoot;
  private final Map<String, Function> callbacks = new ConcurrentHashMap<>();
  private volatile ExecutorService threads;

  FakeProjFs(int writeAlignment) {
    this.writeAlignment = writeAlignment;
    this.state = new FakeState(this);
  }

  List<String> violations() {
    return List.copyOf(violations);
  }

  void violation(String what) {
    violations.add(what);
  }

  int stops() {
    return stops.get();
  }

  int negativeCacheClears() {
    return negativeCacheClears.get();
  }

  int writeAlignment() {
    return writeAlignment;
  }

  /** How many aligned buffers were allocated and not freed. */
  int liveAlignedBuffers() {
    return alignedBuffers.size();
  }

  boolean isMarked(String root) {
    return markedRoots.containsKey(root);
  }

  /** Marks {@code root} as a virtualization root of instance {@code id}, as an earlier run did. */
  void markAs(String root, UUID id) {
    markedRoots.put(root, id);
  }

  /** Marks {@code root} as another provider's virtualization root. */
  void markForeign(String root) {
    markedRoots.put(root, UUID.randomUUID());
  }

  ExecutorService threads() {
    return threads;
  }

  Pointer context() {
    return context;
  }

  /** The callback named {@code field} of PRJ_CALLBACKS, as a native function. */
  Function callback(String field) {
    return callbacks.get(field);
  }

  // ---- ProjectedFSLib ------------------------------------------------------------------------

  @Override
  public int PrjMarkDirectoryAsPlaceholder(WString rootPathName, WString targetPathName,
      PrjPlaceholderVersionInfo versionInfo, Guid virtualizationInstanceID) {
    if (targetPathName != null && !targetPathName.toString().isEmpty()) {
      violation("PrjMarkDirectoryAsPlaceholder of a directory below the root: " + targetPathName);
      return Prj.E_INVALIDARG;
    }
    UUID id = Guid.read(in(virtualizationInstanceID));
    UUID previous = markedRoots.putIfAbsent(rootPathName.toString(), id);
    return previous == null ? Prj.S_OK : Prj.HR_ERROR_REPARSE_POINT_ENCOUNTERED;
  }

  @Override
  public int PrjStartVirtualizing(WString virtualizationRootPath, PrjCallbacks callbackStructure,
      Pointer instanceContext, PrjStartVirtualizingOptions options,
      PointerByReference namespaceVirtualizationContext) {
    UUID id = markedRoots.get(virtualizationRootPath.toString());
    if (id == null) {
      return Prj.HR_ERROR_NOT_A_REPARSE_POINT;
    }
    if (context != null) {
      violation("PrjStartVirtualizing twice");
      return Prj.HR_ERROR_ALREADY_EXISTS;
    }
    Pointer table = in(callbackStructure);
    for (String field : List.of("StartDirectoryEnumerationCallback", "EndDirectoryEnumerationCallback",
        "GetDirectoryEnumerationCallback", "GetPlaceholderInfoCallback", "GetFileDataCallback",
        "QueryFileNameCallback", "NotificationCallback", "CancelCommandCallback")) {
      Pointer fn = table.getPointer(abi.offset("PRJ_CALLBACKS", field));
      if (fn == null) {
        violation("PRJ_CALLBACKS." + field + " is NULL");
        return Prj.E_INVALIDARG;
      }
      callbacks.put(field, Function.getFunction(fn));
    }
    Pointer o = in(options);
    String s = "PRJ_STARTVIRTUALIZING_OPTIONS";
    startFlags = o.getInt(abi.offset(s, "Flags"));
    int concurrent = o.getInt(abi.offset(s, "ConcurrentThreadCount"));
    int pool = o.getInt(abi.offset(s, "PoolThreadCount"));
    concurrentThreadCount = concurrent == 0 ? Runtime.getRuntime().availableProcessors() : concurrent;
    poolThreadCount = pool == 0 ? 2 * concurrentThreadCount : pool;
    int count = o.getInt(abi.offset(s, "NotificationMappingsCount"));
    Pointer mappings = o.getPointer(abi.offset(s, "NotificationMappings"));
    for (int i = 0; i < count; i++) {
      Pointer m = mappings.share((long) i * abi.size("PRJ_NOTIFICATION_MAPPING"));
      notificationMask |= m.getInt(abi.offset("PRJ_NOTIFICATION_MAPPING", "NotificationBitMask"));
      notificationRoot = m.getPointer(abi.offset("PRJ_NOTIFICATION_MAPPING", "NotificationRoot"))
          .getWideString(0);
    }
    instanceId = id;
    threads = Executors.newFixedThreadPool(poolThreadCount, r -> {
      Thread t = new Thread(r, "fake-projfs-" + r.hashCode());
      t.setDaemon(true);
      return t;
    });
    context = new Memory(8);
    namespaceVirtualizationContext.setValue(context);
    return Prj.S_OK;
  }

  @Override
  public void PrjStopVirtualizing(Pointer namespaceVirtualizationContext) {
    checkContext("PrjStopVirtualizing", namespaceVirtualizationContext);
    if (stops.incrementAndGet() > 1) {
      violation("PrjStopVirtualizing called " + stops.get() + " times");
    }
    threads.shutdown();
  }

  @Override
  public int PrjClearNegativePathCache(Pointer ctx, IntByReference totalEntryNumber) {
    if (!checkContext("PrjClearNegativePathCache", ctx)) {
      return Prj.E_INVALIDARG;
    }
    negativeCacheClears.incrementAndGet();
    if (totalEntryNumber != null) {
      totalEntryNumber.setValue(0);
    }
    return Prj.S_OK;
  }

  @Override
  public int PrjGetVirtualizationInstanceInfo(Pointer ctx, PrjVirtualizationInstanceInfo info) {
    if (!checkContext("PrjGetVirtualizationInstanceInfo", ctx)) {
      return Prj.E_INVALIDARG;
    }
    String s = "PRJ_VIRTUALIZATION_INSTANCE_INFO";
    Pointer p = info.getPointer();
    ByteBuffer id = ByteBuffer.allocate(16).putLong(instanceId.getMostSignificantBits())
        .putLong(instanceId.getLeastSignificantBits());
    p.write(abi.offset(s, "InstanceID"), id.array(), 0, 16);
    p.setInt(abi.offset(s, "WriteAlignment"), writeAlignment);
    info.read(); // as JNA does after the native call
    return Prj.S_OK;
  }

  @Override
  public int PrjWritePlaceholderInfo(Pointer ctx, WString destinationFileName,
      PrjPlaceholderInfo placeholderInfo, int placeholderInfoSize) {
    return PrjWritePlaceholderInfo2(ctx, destinationFileName, placeholderInfo, placeholderInfoSize, null);
  }

  @Override
  public int PrjWritePlaceholderInfo2(Pointer ctx, WString destinationFileName,
      PrjPlaceholderInfo placeholderInfo, int placeholderInfoSize, PrjExtendedInfo extendedInfo) {
    if (!checkContext("PrjWritePlaceholderInfo", ctx)) {
      return Prj.E_INVALIDARG;
    }
    if (placeholderInfoSize < abi.size("PRJ_PLACEHOLDER_INFO")) {
      violation("placeholderInfoSize " + placeholderInfoSize);
      return Prj.E_INVALIDARG;
    }
    return state.writePlaceholder(destinationFileName.toString(), in(placeholderInfo), in(extendedInfo));
  }

  @Override
  public int PrjUpdateFileIfNeeded(Pointer ctx, WString destinationFileName,
      PrjPlaceholderInfo placeholderInfo, int placeholderInfoSize, int updateFlags,
      IntByReference failureReason) {
    if (!checkContext("PrjUpdateFileIfNeeded", ctx)) {
      return Prj.E_INVALIDARG;
    }
    return state.update(destinationFileName.toString(), in(placeholderInfo), updateFlags, failureReason);
  }

  @Override
  public int PrjDeleteFile(Pointer ctx, WString destinationFileName, int updateFlags,
      IntByReference failureReason) {
    if (!checkContext("PrjDeleteFile", ctx)) {
      return Prj.E_INVALIDARG;
    }
    return state.delete(destinationFileName.toString(), updateFlags, failureReason);
  }

  @Override
  public int PrjWriteFileData(Pointer ctx, Guid dataStreamId, Pointer buffer, long byteOffset,
      int length) {
    if (!checkContext("PrjWriteFileData", ctx)) {
      return Prj.E_INVALIDARG;
    }
    if (buffer == null || !alignedBuffers.containsKey(Pointer.nativeValue(buffer))) {
      violation("PrjWriteFileData from a buffer PrjAllocateAlignedBuffer did not return");
      return Prj.E_INVALIDARG;
    }
    return state.writeData(Guid.read(in(dataStreamId)), buffer, byteOffset, length);
  }

  @Override
  public int PrjGetOnDiskFileState(WString destinationFileName, IntByReference fileState) {
    return state.onDiskState(destinationFileName.toString(), fileState);
  }

  @Override
  public Pointer PrjAllocateAlignedBuffer(Pointer ctx, long size) {
    if (!checkContext("PrjAllocateAlignedBuffer", ctx)) {
      return null;
    }
    Memory memory = new Memory(size + writeAlignment);
    Pointer aligned = memory.align(writeAlignment);
    alignedBuffers.put(Pointer.nativeValue(aligned), memory);
    return aligned;
  }

  @Override
  public void PrjFreeAlignedBuffer(Pointer buffer) {
    if (buffer == null || alignedBuffers.remove(Pointer.nativeValue(buffer)) == null) {
      violation("PrjFreeAlignedBuffer of a buffer not allocated (or freed twice)");
    }
  }

  @Override
  public int PrjCompleteCommand(Pointer ctx, int commandId, int completionResult,
      PrjCompleteCommandExtendedParameters extendedParameters) {
    if (!checkContext("PrjCompleteCommand", ctx)) {
      return Prj.E_INVALIDARG;
    }
    return state.complete(commandId, completionResult, in(extendedParameters));
  }

  @Override
  public int PrjFillDirEntryBuffer(WString fileName, PrjFileBasicInfo fileBasicInfo,
      Pointer dirEntryBufferHandle) {
    return state.fill(dirEntryBufferHandle, fileName.toString(), in(fileBasicInfo), null);
  }

  @Override
  public int PrjFillDirEntryBuffer2(Pointer dirEntryBufferHandle, WString fileName,
      PrjFileBasicInfo fileBasicInfo, PrjExtendedInfo extendedInfo) {
    return state.fill(dirEntryBufferHandle, fileName.toString(), in(fileBasicInfo), in(extendedInfo));
  }

  @Override
  public byte PrjFileNameMatch(WString fileNameToCheck, WString pattern) {
    return (byte) (FileNames.matches(fileNameToCheck.toString(), pattern.toString()) ? 1 : 0);
  }

  @Override
  public int PrjFileNameCompare(WString fileName1, WString fileName2) {
    return Integer.signum(FileNames.compare(fileName1.toString(), fileName2.toString()));
  }

  @Override
  public byte PrjDoesNameContainWildCards(WString fileName) {
    return (byte) (fileName.toString().matches(".*[*?<>\"].*") ? 1 : 0);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** The native memory of a structure argument, as JNA would pass it: written first. */
  static Pointer in(Structure s) {
    if (s == null) {
      return null;
    }
    s.write();
    return s.getPointer();
  }

  private boolean checkContext(String function, Pointer ctx) {
    if (context == null || ctx == null || Pointer.nativeValue(ctx) != Pointer.nativeValue(context)) {
      violation(function + " with an unknown context");
      return false;
    }
    if (stops.get() > 0) {
      violation(function + " after PrjStopVirtualizing");
      return false;
    }
    return true;
  }

  /** A wide string in native memory, as this platform's wchar_t (what JNA's WString reads). */
  static Memory wide(String s) {
    Memory m = new Memory((long) (s.length() + 1) * Native.WCHAR_SIZE);
    m.setWideString(0, s);
    return m;
  }
}
