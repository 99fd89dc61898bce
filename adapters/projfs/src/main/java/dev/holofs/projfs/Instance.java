package dev.holofs.projfs;

import com.sun.jna.Pointer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A running virtualization instance: the binding, its context handle and write alignment. Calls
 * that use the context go through {@link #call}, which refuses them once the instance stops, so
 * no completion or write from a late provider thread reaches a stopped context.
 */
final class Instance {

  /** A native call on the instance's context. */
  @FunctionalInterface
  interface NativeCall {
    int apply(ProjectedFsLib lib, Pointer context);
  }

  private final ProjectedFsLib lib;
  private final Pointer context;
  /** Known once PrjGetVirtualizationInstanceInfo answered; callbacks may come before that. */
  private final CompletableFuture<Integer> writeAlignment = new CompletableFuture<>();
  private final ReadWriteLock gate = new ReentrantReadWriteLock();
  private boolean stopped; // guarded by gate

  /** The instance ProjFS started with {@code context}; its alignment is given later. */
  Instance(ProjectedFsLib lib, Pointer context) {
    this.lib = lib;
    this.context = context;
  }

  /** Sets the alignment from the instance info. */
  void writeAlignment(int alignment) {
    writeAlignment.complete(Math.max(1, alignment));
  }

  ProjectedFsLib lib() {
    return lib;
  }

  /**
   * The alignment {@code PrjWriteFileData}'s offsets, lengths and buffers need; waits for it in the
   * moment between ProjFS starting and holofs asking for it.
   */
  int writeAlignment() {
    try {
      return writeAlignment.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for the instance info", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the instance info is not known", e);
    }
  }

  /** Runs {@code call}; ERROR_OPERATION_ABORTED without calling once the instance has stopped. */
  int call(NativeCall call) {
    gate.readLock().lock();
    try {
      return stopped ? Prj.HR_ERROR_OPERATION_ABORTED : call.apply(lib, context);
    } finally {
      gate.readLock().unlock();
    }
  }

  /**
   * Stops virtualizing, once: later calls are refused first, then ProjFS is told (it waits for
   * callbacks still running). @return whether this call stopped it
   */
  boolean stop() {
    gate.writeLock().lock();
    try {
      if (stopped) {
        return false;
      }
      stopped = true;
    } finally {
      gate.writeLock().unlock();
    }
    lib.PrjStopVirtualizing(context);
    return true;
  }
}
