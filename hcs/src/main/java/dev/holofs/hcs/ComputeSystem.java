package dev.holofs.hcs;

import com.google.common.util.concurrent.MoreExecutors;
import dev.holofs.hcs.schema.ComputeSystemDocument;
import dev.holofs.hcs.schema.Documents;
import dev.holofs.hcs.schema.ModifySettingRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A handle to a compute system (a VM), with HCS's semantics: {@code HcsCreateComputeSystem},
 * {@code HcsOpenComputeSystem}, start, shutdown, terminate, pause, resume, properties, modify,
 * {@code HcsSetComputeSystemCallback} and {@code HcsCloseComputeSystem}. Every call takes an
 * {@link Operation} and returns at once; the operation completes when the work is done.
 *
 * <p>Which engine runs the system (QEMU on Linux, computecore.dll on Windows) is chosen by the
 * platform and never shows here.
 */
public final class ComputeSystem implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ComputeSystem.class);
  private static final Map<String, Shared> SYSTEMS = new ConcurrentHashMap<>();
  /** Callbacks run here, one at a time per system, never on an engine's reader thread. */
  private static final ExecutorService CALLBACKS = Executors.newCachedThreadPool(r -> {
    Thread thread = new Thread(r, "holofs-hcs-callback");
    thread.setDaemon(true);
    return thread;
  });

  private final Shared shared;
  private EventCallback callback;
  private EventOptions options = EventOptions.NONE;
  /** Completions that found no event callback yet: delivered when one is set. */
  private final List<Operation> undelivered = new ArrayList<>();
  private boolean closed;

  private ComputeSystem(Shared shared) {
    this.shared = shared;
  }

  /** Creates a system from a JSON document; see {@link #create(String, ComputeSystemDocument, Operation)}. */
  public static ComputeSystem create(String id, String document, Operation operation)
      throws HcsException {
    return create(id, Documents.parse(document), operation);
  }

  /**
   * Creates a system ({@code HcsCreateComputeSystem}). The document is checked now (a bad one
   * fails this call); the operation completes once the system exists, not yet started.
   */
  public static ComputeSystem create(String id, ComputeSystemDocument document,
      Operation operation) throws HcsException {
    return create(Engines.current(), id, document, operation);
  }

  static ComputeSystem create(Engine engine, String id, ComputeSystemDocument document,
      Operation operation) throws HcsException {
    Documents.validate(document);
    if (id == null || id.isEmpty()) {
      throw new HcsException(HResults.E_INVALIDARG, "a compute system needs an id");
    }
    Shared shared = new Shared(id, document);
    if (SYSTEMS.putIfAbsent(id, shared) != null) {
      throw new HcsException(HResults.HCS_E_SYSTEM_ALREADY_EXISTS,
          "a compute system with id '" + id + "' exists already");
    }
    ComputeSystem system = new ComputeSystem(shared);
    shared.handles.add(system);
    operation.begin(OperationType.CREATE, system::deliver);
    try {
      shared.backend = engine.create(id, document, shared::event);
    } catch (HcsException | RuntimeException e) {
      SYSTEMS.remove(id, shared);
      operation.abandon();
      throw e;
    }
    system.track(operation, shared.backend.created());
    return system;
  }

  /** Null if compute systems can run here, else why not (e.g. QEMU is not installed). */
  public static String unavailabilityCause() {
    String os = System.getProperty("os.name", "");
    return os.toLowerCase(java.util.Locale.ROOT).contains("linux")
        ? QemuEngine.unavailabilityCause() : "no compute engine for " + os;
  }

  /** Opens another handle to a system created in this process ({@code HcsOpenComputeSystem}). */
  public static ComputeSystem open(String id) throws HcsException {
    Shared shared = SYSTEMS.get(id);
    if (shared == null || shared.backend == null || shared.backend.exited()) {
      throw new HcsException(HResults.HCS_E_SYSTEM_NOT_FOUND, "no compute system '" + id + "'");
    }
    ComputeSystem system = new ComputeSystem(shared);
    shared.handles.add(system);
    return system;
  }

  /** The system's id. */
  public String id() {
    return shared.id;
  }

  /** The document the system was created from. */
  public ComputeSystemDocument document() {
    return shared.document;
  }

  /** Starts the system ({@code HcsStartComputeSystem}). */
  public void start(Operation operation) throws HcsException {
    call(operation, OperationType.START, () -> shared.backend.start());
  }

  /** Asks the guest to shut down; completes when the system stopped. */
  public void shutdown(Operation operation) throws HcsException {
    call(operation, OperationType.SHUTDOWN, () -> shared.backend.shutdown());
  }

  /** Stops the system at once; completes when it stopped and released everything. */
  public void terminate(Operation operation) throws HcsException {
    call(operation, OperationType.TERMINATE, () -> shared.backend.terminate());
  }

  /** Pauses the system's processors. */
  public void pause(Operation operation) throws HcsException {
    call(operation, OperationType.PAUSE, () -> shared.backend.pause());
  }

  /** Resumes a paused system. */
  public void resume(Operation operation) throws HcsException {
    call(operation, OperationType.RESUME, () -> shared.backend.resume());
  }

  /** Queries properties ({@code HcsGetComputeSystemProperties}); the result is a JSON document. */
  public void properties(String query, Operation operation) throws HcsException {
    call(operation, OperationType.GET_PROPERTIES, () -> shared.backend.properties(query));
  }

  /** Changes a running system: adds a 9p share (see {@link ModifySettingRequest}). */
  public void modify(ModifySettingRequest request, Operation operation) throws HcsException {
    Documents.validate(request);
    call(operation, OperationType.MODIFY, () -> shared.backend.modify(request));
  }

  /** {@link #modify(ModifySettingRequest, Operation)} from a JSON request. */
  public void modify(String request, Operation operation) throws HcsException {
    modify(Documents.parseModify(request), operation);
  }

  /**
   * Sets this handle's event callback ({@code HcsSetComputeSystemCallback}). With {@link
   * EventOptions#ENABLE_OPERATION_CALLBACKS}, completions of operations without their own callback
   * arrive as events (also those that completed before), and operations with their own callback
   * are refused from then on with {@code HCS_E_OPERATION_SYSTEM_CALLBACK_ALREADY_SET}.
   */
  public void setEventCallback(EventOptions eventOptions, EventCallback eventCallback) {
    List<Operation> late;
    synchronized (this) {
      checkOpen();
      options = eventOptions;
      callback = eventCallback;
      late = eventOptions == EventOptions.ENABLE_OPERATION_CALLBACKS && eventCallback != null
          ? List.copyOf(undelivered) : List.of();
      undelivered.clear();
    }
    for (Operation operation : late) {
      shared.serial.execute(() -> dispatch(eventCallback,
          new HcsEvent(HcsEventType.OPERATION_CALLBACK, null, operation)));
    }
  }

  /**
   * Closes this handle ({@code HcsCloseComputeSystem}); closing the last one terminates the
   * system when its document says {@code ShouldTerminateOnLastHandleClosed}.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    shared.handles.remove(this);
    if (shared.handles.isEmpty() && !shared.backend.exited()) {
      if (shared.document.terminatesOnLastHandleClosed()) {
        shared.backend.terminate();
      }
    }
  }

  private void call(Operation operation, OperationType type,
      Supplier<CompletableFuture<String>> work) throws HcsException {
    synchronized (this) {
      checkOpen();
      if (operation.hasCallback() && options == EventOptions.ENABLE_OPERATION_CALLBACKS) {
        throw new HcsException(HResults.HCS_E_OPERATION_SYSTEM_CALLBACK_ALREADY_SET,
            "this system's event callback receives operation completions; an operation with its"
                + " own callback is not allowed");
      }
    }
    operation.begin(type, this::deliver);
    CompletableFuture<String> future;
    try {
      future = work.get();
    } catch (RuntimeException e) {
      operation.abandon();
      throw e;
    }
    track(operation, future);
  }

  private void track(Operation operation, CompletableFuture<String> future) {
    future.whenComplete((result, error) -> shared.serial.execute(
        () -> operation.complete(result, error == null ? null : hcsError(error))));
  }

  /** An operation without callback completed: an event, or kept until a callback is set. */
  private void deliver(Operation operation) {
    EventCallback target;
    synchronized (this) {
      if (callback == null || options != EventOptions.ENABLE_OPERATION_CALLBACKS) {
        undelivered.add(operation);
        return;
      }
      target = callback;
    }
    dispatch(target, new HcsEvent(HcsEventType.OPERATION_CALLBACK, null, operation));
  }

  private void systemEvent(HcsEvent event) {
    EventCallback target;
    synchronized (this) {
      target = callback;
    }
    if (target != null) {
      dispatch(target, event);
    }
  }

  private static void dispatch(EventCallback target, HcsEvent event) {
    try {
      target.onEvent(event);
    } catch (RuntimeException e) {
      LOG.warn("event callback failed on {}", event.type(), e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the compute system handle is closed");
    }
  }

  static HcsException hcsError(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
    return cause instanceof HcsException hcs ? hcs
        : new HcsException(new ResultError(HResults.E_UNEXPECTED, String.valueOf(cause),
            List.of()), cause);
  }

  /** What every handle of one system shares. */
  private static final class Shared {
    final String id;
    final ComputeSystemDocument document;
    final List<ComputeSystem> handles = new CopyOnWriteArrayList<>();
    final Executor serial = MoreExecutors.newSequentialExecutor(CALLBACKS);
    volatile Backend backend;

    Shared(String id, ComputeSystemDocument document) {
      this.id = id;
      this.document = document;
    }

    void event(HcsEventType type, String data) {
      if (type == HcsEventType.SYSTEM_EXITED) {
        SYSTEMS.remove(id, this);
      }
      HcsEvent event = new HcsEvent(type, data, null);
      serial.execute(() -> handles.forEach(handle -> handle.systemEvent(event)));
    }
  }
}
