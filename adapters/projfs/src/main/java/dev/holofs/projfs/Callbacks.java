package dev.holofs.projfs;

import com.sun.jna.Pointer;
import com.sun.jna.WString;
import dev.holofs.engine.Call;
import dev.holofs.engine.Engine;
import dev.holofs.engine.Errors;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.PlaceholderVersion;
import dev.holofs.spi.ProjectedPath;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ProjFS's callbacks, translated onto the engine: each reads {@code PRJ_CALLBACK_DATA}, makes the
 * engine call, and turns its answer into writes and an HRESULT. Nothing is decided here — sessions,
 * search expressions, cancellation and errors are the engine's; ProjFS's enumeration GUIDs map to
 * engine sessions, ProjFS's CommandIds to engine calls ({@link Outstanding}).
 *
 * <p>Every callback runs the provider on the ProjFS thread that invoked it (the engine runs
 * callers' calls in place), so ProjFS's ConcurrentThreadCount and PoolThreadCount are the only
 * pool.
 */
final class Callbacks {

  private static final Logger log = LoggerFactory.getLogger(Callbacks.class);

  /** Notifications refused: the projection is read-only. */
  static final int REFUSED_NOTIFICATIONS = Prj.PRJ_NOTIFY_PRE_DELETE | Prj.PRJ_NOTIFY_PRE_RENAME
      | Prj.PRJ_NOTIFY_PRE_SET_HARDLINK | Prj.PRJ_NOTIFY_FILE_PRE_CONVERT_TO_FULL;

  private final Engine engine;
  private final Outstanding outstanding = new Outstanding();
  private final ConcurrentHashMap<UUID, Long> sessions = new ConcurrentHashMap<>();
  private final int maxChunk;
  private final CompletableFuture<Instance> instance = new CompletableFuture<>();

  /** @param maxChunk the largest data chunk written at once, in bytes */
  Callbacks(Engine engine, int maxChunk) {
    this.engine = engine;
    this.maxChunk = maxChunk;
  }

  /** The instance the callbacks answer for; set once ProjFS has started it. */
  void attach(Instance instance) {
    this.instance.complete(instance);
  }

  /** The instance; ProjFS may call before PrjStartVirtualizing has returned its context. */
  private Instance instance() {
    try {
      return instance.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for the instance", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the instance never started", e);
    }
  }

  /** The structure to hand PrjStartVirtualizing; keep it reachable while the instance lives. */
  PrjCallbacks structure() {
    PrjCallbacks c = new PrjCallbacks();
    c.StartDirectoryEnumerationCallback = this::startEnumeration;
    c.EndDirectoryEnumerationCallback = this::endEnumeration;
    c.GetDirectoryEnumerationCallback = this::getEnumeration;
    c.GetPlaceholderInfoCallback = this::getPlaceholderInfo;
    c.GetFileDataCallback = this::getFileData;
    c.QueryFileNameCallback = this::queryFileName;
    c.NotificationCallback = this::notification;
    c.CancelCommandCallback = this::cancelCommand;
    return c;
  }

  /** How many ProjFS commands are unanswered. */
  int outstanding() {
    return outstanding.size();
  }

  /** How many enumeration GUIDs are mapped to sessions. */
  int enumerations() {
    return sessions.size();
  }

  private int startEnumeration(Pointer callbackData, Pointer enumerationId) {
    return guarded("start enumeration", () -> {
      PrjCallbackData data = new PrjCallbackData(callbackData);
      UUID guid = Guid.read(enumerationId);
      Call<Long> call = engine.startEnumeration(path(data), data.TriggeringProcessId);
      return outstanding.serve(data.CommandId, call, new Outstanding.Answer<>() {
        @Override
        public int send(Long session, Throwable error) {
          if (error != null) {
            return Errors.hresult(error);
          }
          sessions.put(guid, session);
          return Prj.S_OK;
        }

        @Override
        public void drop(Long session, Throwable error) {
          if (session != null) {
            engine.endEnumeration(session); // ProjFS cancelled the start: no END will come
          }
        }
      }, complete(data.CommandId, null));
    });
  }

  private int endEnumeration(Pointer callbackData, Pointer enumerationId) {
    return guarded("end enumeration", () -> {
      Long session = sessions.remove(Guid.read(enumerationId));
      if (session != null) {
        engine.endEnumeration(session);
      }
      return Prj.S_OK;
    });
  }

  private int getEnumeration(Pointer callbackData, Pointer enumerationId, WString searchExpression,
      Pointer dirEntryBufferHandle) {
    return guarded("get enumeration", () -> {
      PrjCallbackData data = new PrjCallbackData(callbackData);
      Long session = sessions.get(Guid.read(enumerationId));
      if (session == null) {
        return Prj.E_INVALIDARG;
      }
      DirEntryBuffer buffer = new DirEntryBuffer(instance(), dirEntryBufferHandle,
          (data.Flags & Prj.PRJ_CB_DATA_FLAG_ENUM_RETURN_SINGLE_ENTRY) != 0);
      Call<Void> call = engine.getEnumeration(session,
          searchExpression == null ? null : searchExpression.toString(),
          (data.Flags & Prj.PRJ_CB_DATA_FLAG_ENUM_RESTART_SCAN) != 0, buffer,
          data.TriggeringProcessId);
      return outstanding.serve(data.CommandId, call, (ignored, error) -> {
        if (error != null) {
          return Errors.hresult(error);
        }
        return buffer.nothingFitted() ? Prj.HR_ERROR_INSUFFICIENT_BUFFER : Prj.S_OK;
      }, complete(data.CommandId, dirEntryBufferHandle));
    });
  }

  private int getPlaceholderInfo(Pointer callbackData) {
    return guarded("get placeholder info", () -> {
      PrjCallbackData data = new PrjCallbackData(callbackData);
      WString destination = new WString(data.FilePathName.getWideString(0));
      Call<PlaceholderInfo> call = engine.getPlaceholder(path(data), data.TriggeringProcessId);
      return outstanding.serve(data.CommandId, call, (info, error) -> {
        if (error != null) {
          return Errors.hresult(error);
        }
        return info == null ? Prj.HR_ERROR_FILE_NOT_FOUND
            : Placeholders.write(instance(), destination, info);
      }, complete(data.CommandId, null));
    });
  }

  private int queryFileName(Pointer callbackData) {
    return guarded("query file name", () -> {
      PrjCallbackData data = new PrjCallbackData(callbackData);
      Call<PlaceholderInfo> call = engine.getPlaceholder(path(data), data.TriggeringProcessId);
      return outstanding.serve(data.CommandId, call, (info, error) -> error != null
          ? Errors.hresult(error) : info == null ? Prj.HR_ERROR_FILE_NOT_FOUND : Prj.S_OK,
          complete(data.CommandId, null));
    });
  }

  private int getFileData(Pointer callbackData, long byteOffset, int length) {
    return guarded("get file data", () -> {
      PrjCallbackData data = new PrjCallbackData(callbackData);
      // Copied: the callback data is gone once the callback returns pending.
      Guid stream = new Guid();
      stream.getPointer().write(0, data.DataStreamId.getPointer().getByteArray(0, 16), 0, 16);
      stream.read();
      AlignedDataSink sink = new AlignedDataSink(instance(), stream, byteOffset, length, maxChunk);
      PlaceholderVersion version = PrjPlaceholderVersionInfo.read(data.VersionInfo);
      Call<Void> call = engine.getFileData(path(data), byteOffset, length, sink,
          data.TriggeringProcessId, version);
      return outstanding.serve(data.CommandId, call, new Outstanding.Answer<>() {
        @Override
        public int send(Void ignored, Throwable error) {
          if (error != null) {
            sink.release();
            return Errors.hresult(error);
          }
          return sink.finish();
        }

        @Override
        public void drop(Void ignored, Throwable error) {
          sink.release();
        }
      }, complete(data.CommandId, null));
    });
  }

  private int notification(Pointer callbackData, byte isDirectory, int notification,
      WString destinationFileName, Pointer operationParameters) {
    return (notification & REFUSED_NOTIFICATIONS) != 0 ? Prj.E_ACCESSDENIED : Prj.S_OK;
  }

  private void cancelCommand(Pointer callbackData) {
    try {
      outstanding.cancel(new PrjCallbackData(callbackData).CommandId);
    } catch (RuntimeException e) {
      log.warn("cancel command failed", e);
    }
  }

  /** Sends a late answer; an enumeration's names the buffer it filled. */
  private IntConsumer complete(int commandId, Pointer dirEntryBufferHandle) {
    return hr -> {
      PrjCompleteCommandExtendedParameters extended = dirEntryBufferHandle == null ? null
          : PrjCompleteCommandExtendedParameters.enumeration(dirEntryBufferHandle);
      int result = instance().call((lib, context) -> lib.PrjCompleteCommand(context, commandId, hr, extended));
      if (Prj.failed(result)) {
        log.warn("PrjCompleteCommand({}) failed: {}", commandId, Prj.hex(result));
      }
    };
  }

  private static ProjectedPath path(PrjCallbackData data) {
    return WindowsPaths.toProjected(data.FilePathName == null ? "" : data.FilePathName.getWideString(0));
  }

  /** Runs a callback body; a bug in it fails that one callback, never ProjFS's thread. */
  private static int guarded(String what, IntSupplier body) {
    try {
      return body.getAsInt();
    } catch (IllegalArgumentException e) {
      log.warn("{}: {}", what, Escape.text(String.valueOf(e.getMessage())));
      return Prj.E_INVALIDARG;
    } catch (RuntimeException | Error e) {
      log.error("{} failed", what, e);
      return Errors.hresult(e);
    }
  }
}
