package dev.holofs.testkit;

import dev.holofs.engine.Call;
import java.util.concurrent.CompletableFuture;

/**
 * One request the {@link Driver} sent and that may not be answered yet: a LOOKUP or an OPENDIR.
 *
 * @param <T> what the request answers
 */
public final class Pending<T> {

  private final Call<T> call;

  Pending(Call<T> call) {
    this.call = call;
  }

  /** The command id the provider sees ({@code Command.id()}), as {@link Driver#interrupt} takes. */
  public long commandId() {
    return call.commandId();
  }

  /**
   * Completes once: with the answer, exceptionally with the provider's exception, or with a
   * {@link java.util.concurrent.CancellationException} if interrupted first.
   */
  public CompletableFuture<T> result() {
    return call.result();
  }

  /** INTERRUPT: cancels the request if it has not been answered. @return whether this cancelled it */
  public boolean cancel() {
    return call.cancel();
  }
}
