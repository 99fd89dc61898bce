package dev.holofs.projfs;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** One callback invocation as the fake ProjFS tracks it, from invocation to its one answer. */
final class FakeCommand {

  enum Kind { START_ENUMERATION, GET_ENUMERATION, END_ENUMERATION, GET_PLACEHOLDER_INFO,
    QUERY_FILE_NAME, GET_FILE_DATA }

  static final int INVOKED = 0;
  static final int PENDING = 1;
  /** The cancel callback is running: a completion now is a race the provider may lose. */
  static final int CANCELLING = 2;
  static final int ANSWERED = 3;
  static final int CANCELLED = 4;

  final int id;
  final Kind kind;
  final String path;
  final AtomicInteger state = new AtomicInteger(INVOKED);
  /** The HRESULT it was answered with; ERROR_OPERATION_ABORTED if cancelled first. */
  final CompletableFuture<Integer> answer = new CompletableFuture<>();
  /** Whether PrjCompleteCommand answered it (possibly before its callback returned, as allowed). */
  volatile boolean completed;
  /** Opens once the callback has been invoked: ProjFS sends CANCEL_COMMAND only after that. */
  final CountDownLatch invoked = new CountDownLatch(1);
  /** An enumeration's buffer, a read's stream: what its completion must name or write to. */
  volatile Object target;

  FakeCommand(int id, Kind kind, String path) {
    this.id = id;
    this.kind = kind;
    this.path = path;
  }

  @Override
  public String toString() {
    return kind + "#" + id + "(" + path + ")";
  }
}
