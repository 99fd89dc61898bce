package dev.holofs.projfs;

import com.sun.jna.Pointer;
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
  private final int writeAlignment;
  private final ReadWriteLock gate = new ReentrantReadWriteLock();
  private boolean stopped; // guarded by gate

  Instance(ProjectedFsLib lib, Pointer context, int writeAlignment) {
    this.lib = lib;
    this.context = context;
    this.writeAlignment = writeAlignment;
  }

  ProjectedFsLib lib() {
    return lib;
  }

  /** The alignment {@code PrjWriteFileData}'s offsets, lengths and buffers need. */
  int writeAlignment() {
    return writeAlignment;
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
