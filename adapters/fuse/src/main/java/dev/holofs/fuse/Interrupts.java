package dev.holofs.fuse;

import dev.holofs.engine.Call;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Requests waiting on the engine, by kernel unique, so an INTERRUPT can cancel them; and which
 * nodes have such requests, so invalidation knows when writing a notification could block.
 *
 * <p>An INTERRUPT may be read before the request it names has been registered (another reader
 * has it): it is kept and applied on registration. One still unmatched after a while named a
 * request already answered, or one never sent to the engine; it is answered EAGAIN, as the kernel
 * expects, which makes the kernel resend it only if that request is still alive.
 */
final class Interrupts {

  static final long STALE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private record Early(int fd, long interruptUnique, long receivedNanos) {}

  /** A call waiting on the engine and the node its request is about. */
  private record Tracked(long nodeid, Call<?> call) {}

  /**
   * By unique. Which nodes are busy is found by looking through it: invalidations, the only ones
   * to ask, are rare, while a count per node cost every request two more map updates.
   */
  private final ConcurrentHashMap<Long, Tracked> inFlight = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, Early> early = new ConcurrentHashMap<>();
  private final LongSupplier nanoTime;

  Interrupts() {
    this(System::nanoTime);
  }

  /** With a clock of the caller's, so tests decide when an interrupt is stale. */
  Interrupts(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /**
   * Registers {@code call}, made for {@code request}, until {@link #answered}: for a caller whose
   * own completion of the call says so (one completion per request, not two).
   */
  void register(Request request, Call<?> call) {
    long unique = request.unique();
    inFlight.put(unique, new Tracked(request.nodeid(), call));
    if (early.remove(unique) != null) {
      call.cancel();
    }
  }

  /**
   * {@code call}, registered for {@code request}, has its result: an INTERRUPT no longer finds it.
   * Only its own entry goes: a later call registered for the same request stays findable.
   */
  void answered(Request request, Call<?> call) {
    long unique = request.unique();
    Tracked tracked = inFlight.get(unique);
    if (tracked != null && tracked.call() == call) {
      inFlight.remove(unique, tracked);
    }
  }

  /** An INTERRUPT for {@code target} arrived. */
  void interrupt(Request interrupt, long target) {
    Tracked tracked = inFlight.get(target);
    if (tracked != null) {
      tracked.call().cancel();
      return;
    }
    early.put(target, new Early(interrupt.fd(), interrupt.unique(), nanoTime.getAsLong()));
    tracked = inFlight.get(target); // registered meanwhile: track() may have missed the entry
    if (tracked != null && early.remove(target) != null) {
      tracked.call().cancel();
    }
  }

  /** Where EAGAIN answers to stale interrupts go: the fd and the INTERRUPT's own unique. */
  interface Again {
    void reply(int fd, long interruptUnique);
  }

  /** Answers EAGAIN to interrupts that matched nothing for a while. */
  void sweep(Again again) {
    if (early.isEmpty()) {
      return;
    }
    long now = nanoTime.getAsLong();
    early.forEach((target, e) -> {
      if (now - e.receivedNanos() > STALE_NANOS && early.remove(target, e)) {
        again.reply(e.fd(), e.interruptUnique());
      }
    });
  }

  /** Whether a request about {@code nodeid} is waiting on the engine. */
  boolean isBusy(long nodeid) {
    for (Tracked tracked : inFlight.values()) {
      if (tracked.nodeid() == nodeid) {
        return true;
      }
    }
    return false;
  }
}
