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
   * Runs the callback on this thread, now, if the engine was made to run callbacks on the
   * caller's thread and it has not run yet; otherwise does nothing (it runs on the engine's pool).
   */
  default void start() {}
}
