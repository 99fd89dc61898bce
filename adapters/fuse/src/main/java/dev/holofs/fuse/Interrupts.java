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

  private final ConcurrentHashMap<Long, Call<?>> inFlight = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, Early> early = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, Integer> busyNodes = new ConcurrentHashMap<>();
  private final LongSupplier nanoTime;

  Interrupts() {
    this(System::nanoTime);
  }

  /** With a clock of the caller's, so tests decide when an interrupt is stale. */
  Interrupts(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** Registers {@code call}, made for {@code request}, until its result is in. */
  void track(Request request, Call<?> call) {
    long unique = request.unique();
    long nodeid = request.nodeid();
    inFlight.put(unique, call);
    busyNodes.merge(nodeid, 1, Integer::sum);
    call.result().whenComplete((v, e) -> {
      inFlight.remove(unique, call);
      busyNodes.computeIfPresent(nodeid, (id, n) -> n == 1 ? null : n - 1);
    });
    if (early.remove(unique) != null) {
      call.cancel();
    }
  }

  /** An INTERRUPT for {@code target} arrived. */
  void interrupt(Request interrupt, long target) {
    Call<?> call = inFlight.get(target);
    if (call != null) {
      call.cancel();
      return;
    }
    early.put(target, new Early(interrupt.fd(), interrupt.unique(), nanoTime.getAsLong()));
    call = inFlight.get(target); // registered meanwhile: track() may have missed the entry
    if (call != null && early.remove(target) != null) {
      call.cancel();
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
    return busyNodes.containsKey(nodeid);
  }
}
