package dev.holofs.hcs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.holofs.Mount;
import dev.holofs.hcs.schema.ComputeSystemDocument;
import dev.holofs.hcs.schema.Documents;
import dev.holofs.hcs.schema.ModifySettingRequest;
import dev.holofs.hcs.schema.Plan9;
import dev.holofs.hcs.schema.Plan9Share;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HCS compute system. Projected shares are mounted (ProjFS) and granted to the VM
 * ({@code HcsGrantVmAccess}) before create, and unmounted after the exited event.
 */
final class ComputeCoreSystem implements Backend {

  private static final Logger LOG = LoggerFactory.getLogger(ComputeCoreSystem.class);

  private final ComputeCore hcs;
  private final ComputeCore.LocalMemory memory;
  private final String id;
  private final Listener listener;
  /** Native operations in flight, by handle: their futures, completed from HCS's threads. */
  private final Map<Pointer, CompletableFuture<String>> inFlight = new ConcurrentHashMap<>();
  private final List<Mount> mounts = new ArrayList<>();
  private final CompletableFuture<String> created = new CompletableFuture<>();
  // Kept in fields: HCS calls them for the system's life, so the GC must not take them.
  private final ComputeCore.OperationCompletion completion = this::completed;
  private final ComputeCore.EventCallback events = this::event;
  private Pointer system;
  private volatile boolean exited;

  private ComputeCoreSystem(ComputeCore hcs, ComputeCore.LocalMemory memory, String id,
      Listener listener) {
    this.hcs = hcs;
    this.memory = memory;
    this.id = id;
    this.listener = listener;
  }

  static ComputeCoreSystem create(ComputeCore hcs, ComputeCore.LocalMemory memory, String id,
      ComputeSystemDocument document, Listener listener) throws HcsException {
    ComputeCoreSystem backend = new ComputeCoreSystem(hcs, memory, id, listener);
    try {
      ComputeSystemDocument resolved = backend.mountShares(document);
      Pointer operation = backend.operation(backend.created);
      PointerByReference handle = new PointerByReference();
      check(hcs.HcsCreateComputeSystem(Utf16.of(id), Utf16.of(Documents.toJson(resolved)),
          operation, null, handle), "HcsCreateComputeSystem");
      backend.system = handle.getValue();
      check(hcs.HcsSetComputeSystemCallback(backend.system, EventOptions.NONE.value(), null,
          backend.events), "HcsSetComputeSystemCallback");
      return backend;
    } catch (HcsException e) {
      backend.release();
      throw e;
    } catch (IOException | RuntimeException e) {
      backend.release();
      throw new HcsException(HResults.E_UNEXPECTED, "create " + id + ": " + e.getMessage());
    }
  }

  /** Mounts projected shares at their Path and grants the VM access to every share. */
  private ComputeSystemDocument mountShares(ComputeSystemDocument document)
      throws IOException, HcsException {
    var vm = document.virtualMachine();
    if (vm.devices() == null || vm.devices().plan9() == null) {
      return document;
    }
    List<Plan9Share> shares = new ArrayList<>();
    for (Plan9Share share : vm.devices().plan9().shares()) {
      Path path = share.path() != null ? Path.of(share.path())
          : Files.createTempDirectory("holofs-share-" + share.name() + "-");
      if (share.projection() != null) {
        Files.createDirectories(path);
        mounts.add(share.projection().mount(path));
      }
      check(hcs.HcsGrantVmAccess(Utf16.of(id), Utf16.of(path.toString())), "HcsGrantVmAccess");
      shares.add(new Plan9Share(share.name(), share.accessName(), path.toString(), share.port(),
          share.flags(), null));
    }
    return new ComputeSystemDocument(document.schemaVersion(), document.owner(),
        new dev.holofs.hcs.schema.VirtualMachine(vm.chipset(), vm.computeTopology(),
            new dev.holofs.hcs.schema.Devices(new Plan9(shares), vm.devices().comPorts())),
        document.shouldTerminateOnLastHandleClosed());
  }

  @Override
  public CompletableFuture<String> created() {
    return created;
  }

  @Override
  public CompletableFuture<String> start() {
    return call((op, none) -> hcs.HcsStartComputeSystem(system, op, none), null);
  }

  @Override
  public CompletableFuture<String> shutdown() {
    return call((op, none) -> hcs.HcsShutDownComputeSystem(system, op, none), null);
  }

  @Override
  public CompletableFuture<String> terminate() {
    return call((op, none) -> hcs.HcsTerminateComputeSystem(system, op, none), null);
  }

  @Override
  public CompletableFuture<String> pause() {
    return call((op, none) -> hcs.HcsPauseComputeSystem(system, op, none), null);
  }

  @Override
  public CompletableFuture<String> resume() {
    return call((op, none) -> hcs.HcsResumeComputeSystem(system, op, none), null);
  }

  @Override
  public CompletableFuture<String> properties(String query) {
    return call((op, q) -> hcs.HcsGetComputeSystemProperties(system, op, q), query);
  }

  @Override
  public CompletableFuture<String> modify(ModifySettingRequest request) {
    return call((op, json) -> hcs.HcsModifyComputeSystem(system, op, json, null),
        Documents.toJson(request));
  }

  @Override
  public boolean exited() {
    return exited;
  }

  private interface NativeCall {
    int invoke(Pointer operation, Pointer argument);
  }

  private CompletableFuture<String> call(NativeCall call, String argument) {
    CompletableFuture<String> result = new CompletableFuture<>();
    Pointer operation = operation(result);
    Memory text = Utf16.of(argument);
    int hr = call.invoke(operation, text);
    if (hr < 0) {
      inFlight.remove(operation);
      hcs.HcsCloseOperation(operation);
      result.completeExceptionally(new HcsException(hr, "HCS refused the call"));
    }
    return result;
  }

  private Pointer operation(CompletableFuture<String> result) {
    Pointer operation = hcs.HcsCreateOperation(null, completion);
    inFlight.put(operation, result);
    return operation;
  }

  /** HCS_OPERATION_COMPLETION: runs on an HCS thread. */
  private void completed(Pointer operation, Pointer context) {
    CompletableFuture<String> result = inFlight.remove(operation);
    PointerByReference document = new PointerByReference();
    int hr = hcs.HcsGetOperationResult(operation, document);
    String text = takeString(document.getValue());
    hcs.HcsCloseOperation(operation);
    if (result == null) {
      return;
    }
    if (hr >= 0) {
      result.complete(text == null ? "" : text);
    } else {
      result.completeExceptionally(failure(hr, text));
    }
  }

  /** HCS_EVENT_CALLBACK: runs on an HCS thread; the event memory is HCS's. */
  private void event(Pointer eventPointer, Pointer context) {
    HcsEventStruct.Event event = new HcsEventStruct.Event(eventPointer);
    HcsEventType type;
    try {
      type = HcsEventType.of(event.Type);
    } catch (IllegalArgumentException e) {
      LOG.debug("{}: event type {} ignored", id, event.Type);
      return;
    }
    String data = Utf16.read(event.EventData);
    if (type == HcsEventType.SYSTEM_EXITED) {
      exited = true;
      release();
    }
    listener.event(type, data);
  }

  /** Copies and frees a string HCS allocated. */
  private String takeString(Pointer p) {
    if (p == null) {
      return null;
    }
    try {
      return Utf16.read(p);
    } finally {
      memory.LocalFree(p);
    }
  }

  private static HcsException failure(int hr, String document) {
    if (document != null && !document.isBlank()) {
      try {
        ResultError error = Json.MAPPER.readValue(document, ResultError.class);
        return new HcsException(new ResultError(hr, error.errorMessage(), error.errorEvents()),
            null);
      } catch (JsonProcessingException e) {
        return new HcsException(hr, document);
      }
    }
    return new HcsException(hr, "the operation failed");
  }

  private static void check(int hr, String call) throws HcsException {
    if (hr < 0) {
      throw new HcsException(hr, call + " failed");
    }
  }

  private synchronized void release() {
    for (Mount mount : mounts) {
      try {
        mount.close();
      } catch (IOException | RuntimeException e) {
        LOG.warn("{}: could not unmount {}", id, mount.mountpoint(), e);
      }
    }
    mounts.clear();
  }
}
