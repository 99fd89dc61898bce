package dev.holofs.spi;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;

/**
 * One invocation of a provider callback: ProjFS's {@code PRJ_CALLBACK_DATA}.
 *
 * <p>A command is RUNNING while its callback executes, PENDING once {@link #defer deferred}, and
 * ends COMPLETED or CANCELLED, whichever comes first. A command object may be kept and used from
 * any thread until it ends.
 */
public interface Command {

  /** The id that {@link Provider#cancel(long)} names; unique within a projection. */
  long id();

  /** The item the command is about, relative to the projection root. */
  ProjectedPath path();

  /** The id of the process whose I/O caused this command, or 0 when not known. */
  int processId();

  /** The version the item's placeholder was given, or {@link PlaceholderVersion#NONE}. */
  PlaceholderVersion version();

  /** Whether the command was cancelled (the I/O that caused it was interrupted or abandoned). */
  boolean isCancelled();

  /**
   * Runs {@code action} once when the command is cancelled; at once, on this thread, if it
   * already is. Never runs if the command completes first.
   */
  void onCancel(Runnable action);

  /**
   * Answers this command later: the command goes PENDING, its worker is released, and the command
   * completes when {@code completion} does — with its value, or failing with its exception.
   * Call it at most once, from inside the callback, and return what it returns (always
   * {@code null}). Data or entries may be written to the callback's sink until the stage completes.
   * On a command already cancelled it does nothing: the stage's outcome is not wanted.
   *
   * @throws IllegalStateException if the command was already deferred or has completed
   */
  <T> T defer(CompletionStage<? extends T> completion);

  /**
   * Runs blocking work (network, disk) without holding one of the projection's
   * {@code ConcurrentThreadCount} slots, so other callbacks may execute meanwhile; the thread still
   * counts against {@code PoolThreadCount}. Waiting for another command's work (a lock, a future
   * another callback completes) belongs in here too: a thread that waits while holding its slot
   * can starve the very command it waits for.
   *
   * @throws IOException what {@code work} threw, or wrapping another checked exception
   */
  <T> T blocking(Callable<T> work) throws IOException;
}
