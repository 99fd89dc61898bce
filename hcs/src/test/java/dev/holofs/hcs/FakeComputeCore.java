package dev.holofs.hcs;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A computecore.dll written from HCS's documented contract, playing HCS's side over real native
 * memory: handles are native allocations, strings UTF-16, events {@code HCS_EVENT} structs laid
 * out as on Windows; operations complete from its own threads; operations are one-shot; an
 * operation with a callback is refused once the system's callback takes completions; every
 * returned string must be given back with LocalFree. Violations by the caller are recorded.
 */
final class FakeComputeCore implements ComputeCore, ComputeCore.LocalMemory {

  final List<String> violations = new CopyOnWriteArrayList<>();
  final List<String> granted = new CopyOnWriteArrayList<>();
  final List<String> completionThreads = new CopyOnWriteArrayList<>();
  /** Strings handed to the caller and not yet freed. */
  final Map<Long, Memory> allocated = new ConcurrentHashMap<>();
  final Map<Long, Op> operations = new ConcurrentHashMap<>();
  private final Map<Long, Sys> systems = new ConcurrentHashMap<>();
  private final ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
    Thread thread = new Thread(r, "fake-hcs");
    thread.setDaemon(true);
    return thread;
  });

  static final class Op {
    final Memory handle = new Memory(8);
    final Pointer context;
    final OperationCompletion callback;
    final CountDownLatch done = new CountDownLatch(1);
    volatile int type = OperationType.NONE.value();
    volatile Sys system;
    volatile int hr;
    volatile String result;

    Op(Pointer context, OperationCompletion callback) {
      this.context = context;
      this.callback = callback;
    }
  }

  static final class Sys {
    final Memory handle = new Memory(8);
    final String id;
    volatile String state = "Created";
    volatile int options;
    volatile EventCallback callback;
    volatile Pointer context;

    Sys(String id) {
      this.id = id;
    }
  }

  @Override
  public Pointer HcsCreateOperation(Pointer context, OperationCompletion callback) {
    Op op = new Op(context, callback);
    operations.put(Pointer.nativeValue(op.handle), op);
    return op.handle;
  }

  @Override
  public int HcsGetOperationType(Pointer operation) {
    Op op = op(operation);
    return op == null ? OperationType.NONE.value() : op.type;
  }

  @Override
  public int HcsGetOperationResult(Pointer operation, PointerByReference resultDocument) {
    Op op = op(operation);
    if (op == null) {
      return HResults.E_INVALIDARG;
    }
    if (op.done.getCount() > 0) {
      return HResults.HCS_E_OPERATION_PENDING;
    }
    resultDocument.setValue(allocate(op.result));
    return op.hr;
  }

  @Override
  public int HcsWaitForOperationResult(Pointer operation, int timeoutMs,
      PointerByReference resultDocument) {
    Op op = op(operation);
    try {
      if (op == null || !op.done.await(timeoutMs, TimeUnit.MILLISECONDS)) {
        return op == null ? HResults.E_INVALIDARG : HResults.HCS_E_OPERATION_TIMEOUT;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return HResults.E_UNEXPECTED;
    }
    return HcsGetOperationResult(operation, resultDocument);
  }

  @Override
  public void HcsCloseOperation(Pointer operation) {
    if (operations.remove(Pointer.nativeValue(operation)) == null) {
      violations.add("HcsCloseOperation of an unknown or closed operation");
    }
  }

  @Override
  public int HcsCreateComputeSystem(Pointer id, Pointer configuration, Pointer operation,
      Pointer securityDescriptor, PointerByReference computeSystem) {
    String name = Utf16.read(id);
    JsonNode config;
    try {
      config = Json.read(Utf16.read(configuration));
    } catch (Exception e) {
      return HResults.HCS_E_INVALID_JSON;
    }
    if (!config.has("SchemaVersion")) {
      return HResults.HCS_E_INVALID_JSON;
    }
    Sys sys = new Sys(name);
    int hr = begin(operation, null, OperationType.CREATE);
    if (hr < 0) {
      return hr;
    }
    if (systems.values().stream().anyMatch(s -> s.id.equals(name))) {
      return HResults.HCS_E_SYSTEM_ALREADY_EXISTS;
    }
    systems.put(Pointer.nativeValue(sys.handle), sys);
    op(operation).system = sys;
    computeSystem.setValue(sys.handle);
    complete(operation, 0, "");
    return 0;
  }

  @Override
  public int HcsOpenComputeSystem(Pointer id, int requestedAccess,
      PointerByReference computeSystem) {
    String name = Utf16.read(id);
    for (Sys sys : systems.values()) {
      if (sys.id.equals(name)) {
        computeSystem.setValue(sys.handle);
        return 0;
      }
    }
    return HResults.HCS_E_SYSTEM_NOT_FOUND;
  }

  @Override
  public int HcsStartComputeSystem(Pointer computeSystem, Pointer operation, Pointer options) {
    return transition(computeSystem, operation, OperationType.START, "Created", "Running");
  }

  @Override
  public int HcsShutDownComputeSystem(Pointer computeSystem, Pointer operation, Pointer options) {
    return transition(computeSystem, operation, OperationType.SHUTDOWN, null, "Stopped");
  }

  @Override
  public int HcsTerminateComputeSystem(Pointer computeSystem, Pointer operation, Pointer options) {
    return transition(computeSystem, operation, OperationType.TERMINATE, null, "Stopped");
  }

  @Override
  public int HcsPauseComputeSystem(Pointer computeSystem, Pointer operation, Pointer options) {
    return transition(computeSystem, operation, OperationType.PAUSE, "Running", "Paused");
  }

  @Override
  public int HcsResumeComputeSystem(Pointer computeSystem, Pointer operation, Pointer options) {
    return transition(computeSystem, operation, OperationType.RESUME, "Paused", "Running");
  }

  @Override
  public int HcsGetComputeSystemProperties(Pointer computeSystem, Pointer operation,
      Pointer propertyQuery) {
    Sys sys = systems.get(Pointer.nativeValue(computeSystem));
    int hr = begin(operation, sys, OperationType.GET_PROPERTIES);
    if (hr >= 0) {
      complete(operation, 0, Json.write(Json.object().put("Id", sys.id).put("State", sys.state)));
    }
    return hr;
  }

  @Override
  public int HcsModifyComputeSystem(Pointer computeSystem, Pointer operation,
      Pointer configuration, Pointer identity) {
    Sys sys = systems.get(Pointer.nativeValue(computeSystem));
    int hr = begin(operation, sys, OperationType.MODIFY);
    if (hr >= 0) {
      granted.add("modify " + Utf16.read(configuration));
      complete(operation, 0, "");
    }
    return hr;
  }

  @Override
  public int HcsSetComputeSystemCallback(Pointer computeSystem, int callbackOptions,
      Pointer context, EventCallback callback) {
    Sys sys = systems.get(Pointer.nativeValue(computeSystem));
    if (sys == null) {
      return HResults.E_INVALIDARG;
    }
    sys.options = callbackOptions;
    sys.context = context;
    sys.callback = callback;
    return 0;
  }

  @Override
  public void HcsCloseComputeSystem(Pointer computeSystem) {
    if (systems.remove(Pointer.nativeValue(computeSystem)) == null) {
      violations.add("HcsCloseComputeSystem of an unknown or closed system");
    }
  }

  @Override
  public int HcsGrantVmAccess(Pointer vmId, Pointer filePath) {
    granted.add(Utf16.read(vmId) + " " + Utf16.read(filePath));
    return 0;
  }

  @Override
  public Pointer LocalFree(Pointer memory) {
    if (allocated.remove(Pointer.nativeValue(memory)) == null) {
      violations.add("LocalFree of memory HCS did not hand out");
    }
    return null;
  }

  private int transition(Pointer computeSystem, Pointer operation, OperationType type,
      String from, String to) {
    Sys sys = systems.get(Pointer.nativeValue(computeSystem));
    int hr = begin(operation, sys, type);
    if (hr < 0) {
      return hr;
    }
    if ((from != null && !sys.state.equals(from)) || sys.state.equals("Stopped")) {
      complete(operation, HResults.HCS_E_INVALID_STATE, Json.write(new ResultError(
          HResults.HCS_E_INVALID_STATE, type + " needs " + from + ", the system is "
              + sys.state, List.of(new ResultError.ErrorEvent("state check", "fake", 1)))));
      return 0;
    }
    sys.state = to;
    complete(operation, 0, "");
    if (to.equals("Stopped")) {
      threads.execute(() -> raise(sys, HcsEventType.SYSTEM_EXITED, Json.write(Json.object()
          .put("Status", 0).put("ExitType", type == OperationType.TERMINATE ? "ForcedExit"
              : "GracefulExit")), null));
    }
    return 0;
  }

  /** HCS's checks on the operation a call is given. */
  private int begin(Pointer operation, Sys sys, OperationType type) {
    Op op = op(operation);
    if (op == null || (sys == null && type != OperationType.CREATE)) {
      return HResults.E_INVALIDARG;
    }
    if (sys != null && op.callback != null
        && sys.options == EventOptions.ENABLE_OPERATION_CALLBACKS.value()) {
      return HResults.HCS_E_OPERATION_SYSTEM_CALLBACK_ALREADY_SET;
    }
    synchronized (op) {
      if (op.type != OperationType.NONE.value()) {
        return HResults.HCS_E_OPERATION_ALREADY_STARTED;
      }
      op.type = type.value();
    }
    op.system = sys;
    return 0;
  }

  /** Completes from one of HCS's threads, as HCS does. */
  private void complete(Pointer operation, int hr, String result) {
    Op op = op(operation);
    threads.execute(() -> {
      op.hr = hr;
      op.result = result;
      op.done.countDown();
      completionThreads.add(Thread.currentThread().getName());
      Sys sys = op.system;
      if (op.callback != null) {
        op.callback.invoke(op.handle, op.context);
      } else if (sys != null && sys.callback != null
          && sys.options == EventOptions.ENABLE_OPERATION_CALLBACKS.value()) {
        raise(sys, HcsEventType.OPERATION_CALLBACK, null, op.handle);
      }
    });
  }

  private void raise(Sys sys, HcsEventType type, String data, Pointer operation) {
    EventCallback callback = sys.callback;
    if (callback == null) {
      return;
    }
    HcsEventStruct.Event event = new HcsEventStruct.Event();
    Memory text = Utf16.of(data);
    event.Type = type.value();
    event.EventData = text;
    event.Operation = operation;
    event.write();
    callback.invoke(event.getPointer(), sys.context);
  }

  private Pointer allocate(String text) {
    if (text == null) {
      return null;
    }
    Memory memory = Utf16.of(text);
    allocated.put(Pointer.nativeValue(memory), memory);
    return memory;
  }

  private Op op(Pointer operation) {
    return operation == null ? null : operations.get(Pointer.nativeValue(operation));
  }
}
