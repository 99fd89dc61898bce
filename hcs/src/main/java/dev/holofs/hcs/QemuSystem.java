package dev.holofs.hcs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holofs.hcs.schema.ComputeSystemDocument;
import dev.holofs.hcs.schema.ModifySettingRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One VM: a QEMU process launched paused ({@code -S}) with a QMP socket. Operations map to QMP
 * commands; the process's end fails what is pending, releases the shares (unmounting projections
 * only now that QEMU has stopped) and raises {@link HcsEventType#SYSTEM_EXITED}.
 */
final class QemuSystem implements Backend {

  private static final Logger LOG = LoggerFactory.getLogger(QemuSystem.class);
  private static final ExecutorService LAUNCHER = Executors.newCachedThreadPool(r -> {
    Thread thread = new Thread(r, "holofs-qemu");
    thread.setDaemon(true);
    return thread;
  });
  private static final long QMP_WAIT_MS = 120_000;
  /** QEMUs of this JVM still running: a JVM that exits leaves none behind. */
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(
        () -> LIVE.forEach(Process::destroyForcibly), "holofs-qemu-reaper"));
  }

  private enum State { CREATING, CREATED, RUNNING, PAUSED, STOPPED }

  private enum Exit { NONE, SHUTDOWN, TERMINATE }

  private final String id;
  private final ComputeSystemDocument document;
  private final Listener listener;
  private final String qemu;
  private final String accel;
  private final CompletableFuture<String> created = new CompletableFuture<>();
  /** Completes with the exit type once QEMU exited and everything is released. */
  private final CompletableFuture<String> stopped = new CompletableFuture<>();
  private final Set<CompletableFuture<String>> pending = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  private Path stateDir;
  private QemuShares shares;
  private Process process;
  private Qmp qmp;
  private State state = State.CREATING;
  private Exit exit = Exit.NONE;
  private volatile boolean guestShutdown;
  private volatile boolean exited;

  QemuSystem(String id, ComputeSystemDocument document, Listener listener, String qemu,
      String accel) {
    this.id = id;
    this.document = document;
    this.listener = listener;
    this.qemu = qemu;
    this.accel = accel;
  }

  /** Launches QEMU on a launcher thread; {@link #created()} says how it went. */
  void launch() {
    LAUNCHER.execute(() -> {
      try {
        doLaunch();
        synchronized (lock) {
          if (state == State.CREATING) {
            state = State.CREATED;
          }
        }
        created.complete("");
      } catch (HcsException e) {
        abortLaunch(e);
      } catch (IOException | RuntimeException e) {
        abortLaunch(new HcsException(new ResultError(HResults.HCS_E_TERMINATED_DURING_START,
            "QEMU did not start: " + e.getMessage(), qemuLog()), e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        abortLaunch(new HcsException(HResults.HCS_E_TERMINATED_DURING_START, "interrupted"));
      }
    });
  }

  private void doLaunch() throws IOException, InterruptedException, HcsException {
    stateDir = Files.createTempDirectory("holofs-vm-");
    shares = new QemuShares(stateDir);
    Map<String, Path> shareDirs = shares.mountInitial(document);
    Path socket = stateDir.resolve("qmp.sock");
    List<String> args = QemuCommandLine.build(qemu, accel, document, shareDirs,
        shares.hotSlots(), socket);
    LOG.debug("{}: {}", id, args);
    Process started = QemuProcess.start(args, stateDir, console().equals("-"));
    synchronized (lock) {
      process = started;
    }
    LIVE.add(started);
    started.onExit().thenRunAsync(this::onExit, LAUNCHER);
    Qmp connected = QemuProcess.connectQmp(started, socket, QMP_WAIT_MS, this::onQmpEvent);
    synchronized (lock) {
      qmp = connected;
    }
    join(connected.execute("qmp_capabilities", null));
  }

  private String console() {
    var devices = document.virtualMachine().devices();
    var port = devices == null || devices.comPorts() == null ? null : devices.comPorts().get("0");
    return port == null ? "" : port.namedPipe();
  }

  private static void join(CompletableFuture<JsonNode> reply) throws HcsException,
      InterruptedException {
    try {
      reply.get(QMP_WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw ComputeSystem.hcsError(e.getCause());
    } catch (TimeoutException e) {
      throw new HcsException(HResults.HCS_E_CONNECTION_CLOSED, "QMP did not answer");
    }
  }

  private void abortLaunch(HcsException error) {
    Process started;
    synchronized (lock) {
      started = process;
      state = State.STOPPED;
    }
    created.completeExceptionally(error);
    if (started == null) {
      release();
      exited = true;
    } else {
      started.destroyForcibly();  // onExit releases the rest
    }
  }

  @Override
  public CompletableFuture<String> created() {
    return created;
  }

  @Override
  public CompletableFuture<String> start() {
    return command(State.CREATED, "cont", null, State.RUNNING, r -> "");
  }

  @Override
  public CompletableFuture<String> pause() {
    return command(State.RUNNING, "stop", null, State.PAUSED, r -> "");
  }

  @Override
  public CompletableFuture<String> resume() {
    return command(State.PAUSED, "cont", null, State.RUNNING, r -> "");
  }

  @Override
  public CompletableFuture<String> shutdown() {
    return stop(Exit.SHUTDOWN, "system_powerdown");
  }

  @Override
  public CompletableFuture<String> terminate() {
    return stop(Exit.TERMINATE, "quit");
  }

  @Override
  public CompletableFuture<String> properties(String query) {
    if (query != null && !query.isBlank() && !query.strip().equals("{}")) {
      return CompletableFuture.failedFuture(new HcsException(HResults.E_INVALIDARG,
          "property query: unsupported (only the default properties, an empty query)"));
    }
    return command(null, "query-status", null, null, status -> {
      ObjectNode properties = Json.object()
          .put("Id", id)
          .put("SystemType", "VirtualMachine")
          .put("Owner", document.owner())
          .put("State", QemuProcess.stateName(status.path("status").asText()))
          .put("RuntimeOsType", "Linux");
      properties.putPOJO("Plan9Shares", shares.names());
      return Json.write(properties);
    });
  }

  @Override
  public CompletableFuture<String> modify(ModifySettingRequest request) {
    CompletableFuture<String> result = track(new CompletableFuture<>());
    LAUNCHER.execute(() -> {
      try {
        Qmp connected = requireStarted();
        String device = shares.plugIn(request.settings());
        ObjectNode args = Json.object().put("driver", "virtio-9p-pci").put("id", device)
            .put("fsdev", device).put("mount_tag", request.settings().name());
        connected.execute("device_add", args).whenComplete((ok, error) -> {
          if (error != null) {
            shares.unplug(request.settings().name());
            result.completeExceptionally(ComputeSystem.hcsError(error));
          } else {
            result.complete("");
          }
        });
      } catch (HcsException e) {
        result.completeExceptionally(e);
      } catch (IOException | RuntimeException e) {
        result.completeExceptionally(new HcsException(HResults.E_INVALIDARG,
            "Settings: cannot share " + request.settings().name() + ": " + e.getMessage()));
      }
    });
    return result;
  }

  @Override
  public boolean exited() {
    return exited;
  }

  private CompletableFuture<String> command(State from, String command, ObjectNode args,
      State to, Function<JsonNode, String> result) {
    CompletableFuture<String> done = track(new CompletableFuture<>());
    Qmp connected;
    synchronized (lock) {
      if (state == State.STOPPED) {
        return failed(done, HResults.HCS_E_SYSTEM_ALREADY_STOPPED, "the system has stopped");
      }
      if (qmp == null || (from != null && state != from)) {
        return failed(done, HResults.HCS_E_INVALID_STATE, command + " needs the system "
            + (from == null ? "created" : from.name().toLowerCase(Locale.ROOT))
            + ", it is " + state.name().toLowerCase(Locale.ROOT));
      }
      connected = qmp;
    }
    connected.execute(command, args).whenComplete((reply, error) -> {
      if (error != null) {
        done.completeExceptionally(ComputeSystem.hcsError(error));
        return;
      }
      synchronized (lock) {
        if (to != null && state != State.STOPPED) {
          state = to;
        }
      }
      done.complete(result.apply(reply));
    });
    return done;
  }

  /** Shutdown and terminate complete when QEMU has exited and everything is released. */
  private CompletableFuture<String> stop(Exit how, String command) {
    Qmp connected;
    Process started;
    synchronized (lock) {
      if (state == State.STOPPED) {
        return CompletableFuture.failedFuture(new HcsException(
            HResults.HCS_E_SYSTEM_ALREADY_STOPPED, "the system has stopped"));
      }
      if (how == Exit.SHUTDOWN && state != State.RUNNING && state != State.PAUSED) {
        return CompletableFuture.failedFuture(new HcsException(HResults.HCS_E_INVALID_STATE,
            "shutdown needs a running or paused system"));
      }
      if (exit != Exit.TERMINATE) {
        exit = how;
      }
      connected = qmp;
      started = process;
    }
    if (connected != null) {
      connected.execute(command, null);
    } else if (started != null) {
      started.destroy();
    }
    if (how == Exit.TERMINATE) {
      // quit is immediate; a QEMU stuck before QMP answers is ended the hard way.
      LAUNCHER.execute(() -> {
        Process p = awaitProcess();
        try {
          if (p != null && !p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }
    return stopped.thenApply(exitType -> {
      if (how == Exit.SHUTDOWN && exitType.equals("UnexpectedExit")) {
        throw new java.util.concurrent.CompletionException(new HcsException(
            HResults.HCS_E_UNEXPECTED_EXIT, "QEMU exited before the guest shut down"));
      }
      return "";
    });
  }

  private Process awaitProcess() {
    created.handle((r, e) -> null).join();
    synchronized (lock) {
      return process;
    }
  }

  private Qmp requireStarted() throws HcsException {
    synchronized (lock) {
      if (state == State.STOPPED) {
        throw new HcsException(HResults.HCS_E_SYSTEM_ALREADY_STOPPED, "the system has stopped");
      }
      if (qmp == null || state == State.CREATING) {
        throw new HcsException(HResults.HCS_E_INVALID_STATE, "the system is not created yet");
      }
      return qmp;
    }
  }

  private void onQmpEvent(JsonNode event) {
    String name = event.path("event").asText();
    switch (name) {
      // The guest powered off (or reset, which -no-reboot turns into an exit); a signal to
      // QEMU or a kill is not graceful.
      case "SHUTDOWN" -> guestShutdown = event.path("data").path("guest").asBoolean(false);
      case "GUEST_PANICKED" -> listener.event(HcsEventType.SYSTEM_CRASH_INITIATED,
          Json.write(Json.object().put("CrashReport", event.path("data").toString())));
      default -> LOG.trace("{}: QMP event {}", id, name);
    }
  }

  private void onExit() {
    Qmp connection;
    synchronized (lock) {
      connection = qmp;
    }
    if (connection != null) {
      connection.awaitDrained(10_000);  // a SHUTDOWN event may still be unread
    }
    Exit how;
    int status;
    synchronized (lock) {
      LIVE.remove(process);
      state = State.STOPPED;
      how = exit;
      status = process.exitValue();
    }
    // Graceful: QEMU saw the guest power off; killed, signalled or crashed otherwise.
    String exitType = how == Exit.TERMINATE ? "ForcedExit"
        : guestShutdown ? "GracefulExit" : "UnexpectedExit";
    int hresult = exitType.equals("UnexpectedExit") ? HResults.HCS_E_UNEXPECTED_EXIT : 0;
    HcsException failure = new HcsException(new ResultError(
        hresult != 0 ? hresult : HResults.HCS_E_TERMINATED,
        "QEMU exited (status " + status + ", " + exitType + ") before the operation completed",
        qemuLog()), null);
    created.completeExceptionally(failure);
    pending.forEach(operation -> operation.completeExceptionally(failure));
    Qmp connected;
    synchronized (lock) {
      connected = qmp;
    }
    if (connected != null) {
      connected.close();
    }
    release();
    exited = true;
    // The event first: a handle closed once terminate completed still receives it.
    listener.event(HcsEventType.SYSTEM_EXITED, Json.write(Json.object()
        .put("Status", hresult).put("ExitType", exitType).put("ProcessExitCode", status)));
    stopped.complete(exitType);
  }

  /** Unmounts projections and deletes the state directory; QEMU is gone (or never started). */
  private void release() {
    if (shares != null) {
      shares.close();
    }
    if (stateDir != null) {
      try (var files = Files.walk(stateDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException e) {
        LOG.warn("{}: could not delete {}", id, stateDir, e);
      }
    }
  }

  private List<ResultError.ErrorEvent> qemuLog() {
    return QemuProcess.log(stateDir);
  }

  private CompletableFuture<String> track(CompletableFuture<String> operation) {
    pending.add(operation);
    operation.whenComplete((r, e) -> pending.remove(operation));
    return operation;
  }

  private static CompletableFuture<String> failed(CompletableFuture<String> future, int hresult,
      String message) {
    future.completeExceptionally(new HcsException(hresult, message));
    return future;
  }

}
