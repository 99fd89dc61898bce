package dev.holofs.engine;

import java.util.concurrent.CompletableFuture;

/**
 * An adapter's handle on one dispatched command. Internal to holofs: adapters (FUSE, ProjFS) and
 * the testkit use it; providers never see it.
 *
 * @param <T> what the command answers
 */
public interface Call<T> {

  /** The command id, as passed to {@link dev.holofs.spi.Provider#cancel}. */
  long commandId();

  /**
   * Completes exactly once: with the answer, exceptionally with the provider's exception, or with
   * a {@link java.util.concurrent.CancellationException} if cancelled first. Dependent actions run
   * on whichever thread ends the command: keep them short and never call provider code from them.
   */
  CompletableFuture<T> result();

  /** Cancels the command if it has not ended. @return whether this call cancelled it */
  boolean cancel();

  /**
   * Starts a call that came back unstarted: one made with {@code callerRuns}, or from a receiving
   * thread ({@link Engine#receiving}). It then runs on this thread now (callerRuns), or here if a
   * slot is free and on the pool otherwise (a receiving thread). Does nothing for a call already
   * started, which is every other call.
   */
  default void start() {}
}
