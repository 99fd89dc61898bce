package dev.holofs.spi;

/**
 * A wait on the thread that made it, which {@link #cancel} interrupts until the wait {@linkplain
 * #end ends}: a command's cancel stops a wait that leaves nothing behind once it is over.
 */
final class CancellableWait {
  private final Thread waiter = Thread.currentThread();
  private boolean ended;
  private boolean cancelled;

  /** Interrupts the waiting thread, unless the wait has ended. */
  synchronized void cancel() {
    if (!ended) {
      cancelled = true;
      waiter.interrupt();
    }
  }

  /** Ends the wait (a cancel no longer interrupts it); whether it was cancelled. */
  synchronized boolean end() {
    ended = true;
    if (cancelled) {
      Thread.interrupted(); // the cancel's interrupt was for the wait alone
    }
    return cancelled;
  }
}
