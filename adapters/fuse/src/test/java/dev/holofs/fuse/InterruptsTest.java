package dev.holofs.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.engine.Call;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InterruptsTest {

  /** A call that is only cancelled or completed by the test. */
  private static final class FakeCall implements Call<Void> {
    final CompletableFuture<Void> result = new CompletableFuture<>();

    @Override public long commandId() { return 7; }
    @Override public CompletableFuture<Void> result() { return result; }
    @Override public boolean cancel() {
      return result.completeExceptionally(new CancellationException());
    }
  }

  private static Request request(int opcode, long unique, long nodeid) {
    return new Request(3, opcode, unique, nodeid, 0, 0, 0);
  }

  /** The test's clock: an interrupt becomes stale when the test says so, not when the machine is slow. */
  private final AtomicLong now = new AtomicLong();
  private final Interrupts interrupts = new Interrupts(now::get);
  private final List<Long> again = new ArrayList<>();

  @Test
  void anInterruptCancelsItsRequest() {
    FakeCall call = new FakeCall();
    track(request(Protocol.READ, 10, 5), call);
    assertThat(interrupts.isBusy(5)).isTrue();
    interrupts.interrupt(request(Protocol.INTERRUPT, 11, 0), 10);
    assertThat(call.result).isCompletedExceptionally();
    assertThat(interrupts.isBusy(5)).isFalse();
  }

  @Test
  void anInterruptReadBeforeItsRequestIsKeptAndApplied() {
    interrupts.interrupt(request(Protocol.INTERRUPT, 21, 0), 20);
    FakeCall call = new FakeCall();
    track(request(Protocol.READ, 20, 5), call);
    assertThat(call.result).isCompletedExceptionally();
    interrupts.sweep((fd, unique) -> again.add(unique));
    assertThat(again).isEmpty(); // it matched: nothing to answer
  }

  @Test
  void anUnmatchedInterruptIsAnsweredEagainOnceStale() {
    FakeCall done = new FakeCall();
    track(request(Protocol.READ, 30, 5), done);
    done.result.complete(null); // answered before the interrupt arrived
    interrupts.interrupt(request(Protocol.INTERRUPT, 31, 0), 30);
    interrupts.sweep((fd, unique) -> again.add(unique));
    assertThat(again).isEmpty(); // kept for a while: its request may still be on its way
    now.addAndGet(Interrupts.STALE_NANOS);
    interrupts.sweep((fd, unique) -> again.add(unique));
    assertThat(again).as("not yet stale").isEmpty();
    now.addAndGet(1);
    interrupts.sweep((fd, unique) -> again.add(unique));
    assertThat(again).containsExactly(31L);
    interrupts.sweep((fd, unique) -> again.add(unique));
    assertThat(again).containsExactly(31L); // answered once
  }

  @Test
  void aRegisteredCallStaysFindableUntilItsAnswerIsTold() {
    FakeCall call = new FakeCall();
    Request read = request(Protocol.READ, 40, 6);
    interrupts.register(read, call);
    call.result.complete(null); // no completion of its own: the caller's answer says when
    assertThat(interrupts.isBusy(6)).isTrue();
    interrupts.answered(read, call);
    assertThat(interrupts.isBusy(6)).isFalse();
    interrupts.interrupt(request(Protocol.INTERRUPT, 41, 0), 40);
    now.addAndGet(Interrupts.STALE_NANOS + 1);
    interrupts.sweep((fd, unique) -> again.add(unique));
    assertThat(again).as("answered first: the interrupt found nothing").containsExactly(41L);
  }

  @Test
  void aCallAnsweredLeavesTheNextCallOfItsRequestFindable() {
    // A READDIR without OPENDIR tracks the enumeration's start, then its entries, for one unique;
    // the start's answer may be told after the second call is tracked.
    Request readdir = request(Protocol.READDIR, 50, 8);
    FakeCall start = new FakeCall();
    FakeCall entries = new FakeCall();
    track(readdir, start);
    track(readdir, entries);
    start.result.complete(null);
    assertThat(interrupts.isBusy(8)).as("the second call still waits").isTrue();
    interrupts.interrupt(request(Protocol.INTERRUPT, 51, 0), 50);
    assertThat(entries.result).as("the INTERRUPT found it").isCompletedExceptionally();
    assertThat(interrupts.isBusy(8)).isFalse();
    now.addAndGet(Interrupts.STALE_NANOS + 1);
    interrupts.sweep((fd, unique) -> again.add(unique));
    assertThat(again).as("matched: no EAGAIN").isEmpty();
  }

  /** Registered until its result is in, as a caller that answers on completion does. */
  private void track(Request request, Call<?> call) {
    interrupts.register(request, call);
    call.result().whenComplete((v, e) -> interrupts.answered(request, call));
  }
}
