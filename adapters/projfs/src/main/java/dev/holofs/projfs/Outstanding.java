package dev.holofs.projfs;

import dev.holofs.engine.Call;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;

/**
 * The ProjFS commands holofs has not answered yet, by ProjFS's CommandId.
 *
 * <p>An answer that is ready before the callback returns is returned by the callback; one that
 * comes later is sent with {@code PrjCompleteCommand}, and the callback returns
 * {@code ERROR_IO_PENDING} — never a completion before that return. A ProjFS cancel and a late
 * answer are decided under the command's lock: once the cancel callback has returned, no
 * completion and no write for that command follows. The engine decides what the answer is; this
 * only decides how it travels.
 */
final class Outstanding {

  /** What to do with the engine's answer: the writes to make and the HRESULT to send. */
  interface Answer<T> {
    /** Makes the answer's writes (placeholder, data) and says the HRESULT. */
    int send(T value, Throwable error);

    /** The answer is not wanted (ProjFS cancelled): release what it holds, write nothing. */
    default void drop(T value, Throwable error) {}
  }

  private static final int INVOKING = 0;
  private static final int PENDING = 1;
  private static final int ANSWERED = 2;
  private static final int CANCELLED = 3;

  /** How many cancels of not-yet-known commands are remembered. */
  private static final int EARLY_CANCELS = 4096;

  private final ConcurrentHashMap<Integer, Entry> live = new ConcurrentHashMap<>();
  /**
   * Cancels that found no command: ProjFS may cancel a callback that has been invoked but has not
   * reached {@link #serve} yet. Bounded; an id of a command already answered just ages out
   * (ProjFS's ids grow, they are not reused that soon).
   */
  private final Map<Integer, Boolean> earlyCancels = Collections.synchronizedMap(
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Boolean> eldest) {
          return size() > EARLY_CANCELS;
        }
      });

  /**
   * Serves ProjFS command {@code commandId} with the engine's {@code call}: records it, starts it
   * on this thread, and says what the callback returns. A later answer goes to {@code complete}.
   */
  <T> int serve(int commandId, Call<T> call, Answer<T> answer, IntConsumer complete) {
    Entry entry = new Entry(call);
    live.put(commandId, entry);
    // After the put: a cancel that missed the entry left its id here (see cancel).
    if (earlyCancels.remove(commandId) != null && entry.cancel()) {
      live.remove(commandId, entry);
      call.cancel(); // before start: the provider never sees it
    }
    call.result().whenComplete((value, error) -> entry.answer(
        () -> answer.send(value, error), () -> answer.drop(value, error), complete,
        () -> live.remove(commandId, entry)));
    call.start();
    return entry.returned(() -> live.remove(commandId, entry));
  }

  /** ProjFS's CANCEL_COMMAND: an unknown or answered command is ignored. */
  void cancel(int commandId) {
    earlyCancels.put(commandId, Boolean.TRUE); // before the lookup: serve checks after its put
    Entry entry = live.get(commandId);
    if (entry == null) {
      return;
    }
    earlyCancels.remove(commandId);
    if (entry.cancel()) {
      live.remove(commandId, entry);
      entry.call.cancel();
    }
  }

  /** How many commands are unanswered. */
  int size() {
    return live.size();
  }

  private static final class Entry {
    final Call<?> call;
    private int state = INVOKING; // guarded by this
    private int inlineResult;

    Entry(Call<?> call) {
      this.call = call;
    }

    synchronized void answer(IntSupplier send, Runnable drop,
        IntConsumer complete, Runnable forget) {
      if (state == CANCELLED) {
        drop.run();
        return;
      }
      int hr = send.getAsInt();
      if (state == INVOKING) {
        inlineResult = hr; // the callback has not returned: it returns this
        state = ANSWERED;
        return;
      }
      complete.accept(hr);
      state = ANSWERED;
      // Only now: a cancel arriving meanwhile found the entry and waited for this completion.
      forget.run();
    }

    synchronized int returned(Runnable forget) {
      switch (state) {
        case ANSWERED -> {
          forget.run();
          return inlineResult;
        }
        case CANCELLED -> {
          return Prj.HR_ERROR_OPERATION_ABORTED;
        }
        default -> {
          state = PENDING;
          return Prj.HR_ERROR_IO_PENDING;
        }
      }
    }

    synchronized boolean cancel() {
      if (state == ANSWERED || state == CANCELLED) {
        return false;
      }
      state = CANCELLED;
      return true;
    }
  }
}
