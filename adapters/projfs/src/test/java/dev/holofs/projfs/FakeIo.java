package dev.holofs.projfs;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.WString;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a program's I/O under the root makes the fake ProjFS do: callbacks invoked on the fake's
 * threads with PRJ_CALLBACK_DATA laid out by the recorded offsets, and their answers awaited.
 */
final class FakeIo {

  /** An enumeration's outcome: the names and infos in the order the buffers received them. */
  record Listing(List<FakeDirBuffer.Entry> entries, int gets) {
    List<String> names() {
      return entries.stream().map(FakeDirBuffer.Entry::name).toList();
    }
  }

  /** A read's outcome: the HRESULT and the bytes written for it. */
  record Read(FakeCommand command, FakeState.Stream stream) {}

  private static final long WAIT_SECONDS = 30;
  private final FakeProjFs fake;
  private final FakeState state;
  private final Layouts abi;
  private final AtomicInteger lastCommandId = new AtomicInteger();

  FakeIo(FakeProjFs fake) {
    this.fake = fake;
    this.state = fake.state;
    this.abi = fake.abi;
  }

  /** GET_PLACEHOLDER_INFO of {@code path}, as a first open of it does. */
  FakeCommand lookup(String path) {
    return invoke(FakeCommand.Kind.GET_PLACEHOLDER_INFO, path, 0, null,
        (fn, data) -> fn.invokeInt(new Object[] {data}), "GetPlaceholderInfoCallback");
  }

  /** QUERY_FILE_NAME of {@code path}. */
  FakeCommand query(String path) {
    return invoke(FakeCommand.Kind.QUERY_FILE_NAME, path, 0, null,
        (fn, data) -> fn.invokeInt(new Object[] {data}), "QueryFileNameCallback");
  }

  /** GET_FILE_DATA of {@code [offset, offset + length)} of a file of {@code fileSize} bytes. */
  Read read(String path, long offset, int length, long fileSize) {
    UUID streamId = UUID.randomUUID();
    FakeCommand c = new FakeCommand(lastCommandId.incrementAndGet(), FakeCommand.Kind.GET_FILE_DATA, path);
    FakeState.Stream stream = new FakeState.Stream(c, offset, length, fileSize);
    c.target = stream;
    state.streams.put(streamId, stream);
    start(c, 0, streamId, "GetFileDataCallback",
        (fn, data) -> fn.invokeInt(new Object[] {data, offset, length}));
    return new Read(c, stream);
  }

  /**
   * Lists {@code dir} as a directory query would: START, GETs into buffers of {@code bufferBytes}
   * until one comes back empty, END. The GET numbered {@code restartAt} (from 1; 0 for none)
   * restarts the scan with {@code restartExpression}; later GETs pass an expression that must be
   * ignored, as ProjFS's rules say.
   */
  Listing list(String dir, String expression, int bufferBytes, int restartAt,
      String restartExpression, boolean singleEntries) throws Exception {
    List<FakeDirBuffer.Entry> entries = new ArrayList<>();
    try (Enumeration e = enumerate(dir, bufferBytes, singleEntries)) {
      while (true) {
        boolean restart = e.gets + 1 == restartAt;
        if (restart) {
          entries.clear();
        }
        List<FakeDirBuffer.Entry> got = e.next(e.gets == 0 ? expression
            : restart ? restartExpression : "ignored*", restart);
        if (got.isEmpty()) {
          return new Listing(entries, e.gets);
        }
        entries.addAll(got);
      }
    }
  }

  /** Starts an enumeration of {@code dir} (START_DIRECTORY_ENUMERATION). */
  Enumeration enumerate(String dir, int bufferBytes, boolean singleEntries) throws Exception {
    return new Enumeration(dir, bufferBytes, singleEntries);
  }

  /** One enumeration session: a GUID, GETs one buffer at a time, END on close. */
  final class Enumeration implements AutoCloseable {
    private final String dir;
    private final Memory guid = FakeState.guid(UUID.randomUUID());
    private final boolean singleEntries;
    private int capacity;
    int gets;

    private Enumeration(String dir, int bufferBytes, boolean singleEntries) throws Exception {
      this.dir = dir;
      this.capacity = bufferBytes;
      this.singleEntries = singleEntries;
      int hr = await(invoke(FakeCommand.Kind.START_ENUMERATION, dir, 0, null,
          (fn, data) -> fn.invokeInt(new Object[] {data, guid}), "StartDirectoryEnumerationCallback"));
      if (Prj.failed(hr)) {
        throw FakeErrors.exception(hr, dir);
      }
    }

    /** The next buffer's entries; empty at the end. A too-small buffer is retried bigger. */
    List<FakeDirBuffer.Entry> next(String expression, boolean restart) throws Exception {
      while (true) {
        gets++;
        FakeDirBuffer buffer = state.newBuffer(capacity, singleEntries);
        int flags = (restart ? Prj.PRJ_CB_DATA_FLAG_ENUM_RESTART_SCAN : 0)
            | (singleEntries ? Prj.PRJ_CB_DATA_FLAG_ENUM_RETURN_SINGLE_ENTRY : 0);
        FakeCommand get = invoke(FakeCommand.Kind.GET_ENUMERATION, dir, flags, buffer,
            (fn, data) -> fn.invokeInt(new Object[] {data, guid,
                expression == null ? null : new WString(expression), buffer.handle}),
            "GetDirectoryEnumerationCallback");
        int hr = await(get);
        state.closeBuffer(buffer);
        List<FakeDirBuffer.Entry> got = buffer.entries();
        if (hr == Prj.HR_ERROR_INSUFFICIENT_BUFFER) {
          if (!got.isEmpty()) {
            fake.violation("INSUFFICIENT_BUFFER with " + got.size() + " entries in the buffer");
          }
          capacity *= 2; // as ProjFS does: a bigger buffer, same position
          continue;
        }
        if (Prj.failed(hr)) {
          throw FakeErrors.exception(hr, dir);
        }
        return got;
      }
    }

    @Override
    public void close() throws Exception {
      await(invoke(FakeCommand.Kind.END_ENUMERATION, dir, 0, null,
          (fn, data) -> fn.invokeInt(new Object[] {data, guid}), "EndDirectoryEnumerationCallback"));
    }
  }

  /** A notification, as a program's delete or rename makes ProjFS send; the HRESULT. */
  int notify(String path, int notification) throws Exception {
    CallbackData data = callbackData(lastCommandId.incrementAndGet(), 0, path, null);
    try {
      return CompletableFuture.supplyAsync(() -> fake.callback("NotificationCallback").invokeInt(
          new Object[] {data.memory(), (byte) 0, notification, new WString(path), null}),
          fake.threads()).get(WAIT_SECONDS, TimeUnit.SECONDS);
    } finally {
      Reference.reachabilityFence(data);
    }
  }

  /**
   * CANCEL_COMMAND of {@code c}, on this thread, as the I/O behind it is abandoned: once its
   * callback has been invoked (perhaps still running), unless it was answered.
   */
  void cancel(FakeCommand c) {
    try {
      if (!c.invoked.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException(c + " was never invoked");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    int s = c.state.get();
    while (s == FakeCommand.INVOKED || s == FakeCommand.PENDING) {
      if (c.state.compareAndSet(s, FakeCommand.CANCELLING)) {
        CallbackData data = callbackData(c.id, 0, c.path, null);
        fake.callback("CancelCommandCallback").invokeVoid(new Object[] {data.memory()});
        Reference.reachabilityFence(data);
        if (c.state.compareAndSet(FakeCommand.CANCELLING, FakeCommand.CANCELLED)) {
          c.answer.complete(Prj.HR_ERROR_OPERATION_ABORTED);
        }
        return;
      }
      s = c.state.get();
    }
  }

  /** The answer of {@code c}, waited for. */
  static int await(FakeCommand c) throws Exception {
    try {
      return c.answer.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(c + " unanswered after " + WAIT_SECONDS + " s, state "
          + c.state.get() + ", invoked " + (c.invoked.getCount() == 0), e);
    }
  }

  @FunctionalInterface
  private interface Invocation {
    int call(Function fn, Memory callbackData);
  }

  private FakeCommand invoke(FakeCommand.Kind kind, String path, int flags, Object target,
      Invocation invocation, String field) {
    FakeCommand c = new FakeCommand(lastCommandId.incrementAndGet(), kind, path);
    c.target = target;
    start(c, flags, null, field, invocation);
    return c;
  }

  private void start(FakeCommand c, int flags, UUID streamId, String field, Invocation invocation) {
    state.commands.put(c.id, c);
    fake.threads().execute(() -> {
      try {
        CallbackData data = callbackData(c.id, flags, c.path, streamId);
        c.invoked.countDown();
        int hr = invocation.call(fake.callback(field), data.memory());
        Reference.reachabilityFence(data);
        state.returned(c, hr);
      } catch (RuntimeException | Error e) {
        fake.violation("invoking " + c + " threw " + e);
        c.answer.completeExceptionally(e);
      }
    });
  }

  /** PRJ_CALLBACK_DATA for command {@code id}, at the recorded offsets. */
  CallbackData callbackData(int id, int flags, String path, UUID streamId) {
    String s = "PRJ_CALLBACK_DATA";
    Memory m = new Memory(abi.size(s));
    m.clear();
    m.setInt(abi.offset(s, "Size"), abi.size(s));
    m.setInt(abi.offset(s, "Flags"), flags);
    m.setPointer(abi.offset(s, "NamespaceVirtualizationContext"), fake.context());
    m.setInt(abi.offset(s, "CommandId"), id);
    m.write(abi.offset(s, "DataStreamId"), FakeState.guid(streamId == null ? new UUID(0, 0) : streamId)
        .getByteArray(0, 16), 0, 16);
    Memory name = FakeProjFs.wide(path.replace('/', '\\'));
    m.setPointer(abi.offset(s, "FilePathName"), name);
    FakeState.Placeholder p = state.placeholders.get(FakeState.key(path.replace('/', '\\')));
    Memory version = null;
    if (p != null) {
      String v = "PRJ_PLACEHOLDER_VERSION_INFO";
      version = new Memory(abi.size(v));
      version.write(abi.offset(v, "ProviderID"), p.providerId(), 0, Prj.PRJ_PLACEHOLDER_ID_LENGTH);
      version.write(abi.offset(v, "ContentID"), p.contentId(), 0, Prj.PRJ_PLACEHOLDER_ID_LENGTH);
      m.setPointer(abi.offset(s, "VersionInfo"), version);
    }
    m.setInt(abi.offset(s, "TriggeringProcessId"), FakeProjFs.PROCESS_ID);
    Memory image = FakeProjFs.wide("C:\\Windows\\notepad.exe");
    m.setPointer(abi.offset(s, "TriggeringProcessImageFileName"), image);
    return new CallbackData(m, new Object[] {name, version, image});
  }

  /** The structure and the memory its pointers point into, kept reachable while it is in use. */
  record CallbackData(Memory memory, Object[] pointees) {}
}
