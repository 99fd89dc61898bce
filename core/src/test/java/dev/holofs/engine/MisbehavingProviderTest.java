package dev.holofs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.holofs.ProjectionStats.Callback;
import dev.holofs.spi.Collation;
import dev.holofs.spi.Command;
import dev.holofs.spi.DataSink;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.PlaceholderVersion;
import dev.holofs.spi.ProjectedPath;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A provider that throws or answers twice fails or ignores only that one request. */
class MisbehavingProviderTest {

  private static final PlaceholderInfo INFO = PlaceholderInfo.file(3).build();

  private final TestProvider provider = new TestProvider();
  private final Engine engine = new Engine(provider, 2, 4, Collation.BYTE_ORDER);

  @AfterEach
  void close() {
    engine.close(0);
  }

  private PlaceholderInfo lookup(String name) throws Exception {
    return engine.getPlaceholder(ProjectedPath.of(name), 0).result().get(10, TimeUnit.SECONDS);
  }

  private Throwable failure(Call<?> call) throws Exception {
    try {
      call.result().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected " + call.commandId() + " to fail");
  }

  /** The engine keeps serving after each misbehaviour. */
  private void stillServes() throws Exception {
    TestProvider.Placeholder saved = provider.placeholder;
    provider.placeholder = (c, p) -> INFO;
    try {
      assertThat(lookup("fine")).isSameAs(INFO);
    } finally {
      provider.placeholder = saved;
    }
    assertThat(engine.liveCommands()).isZero();
  }

  @Test
  void anUnexpectedExceptionFailsThatRequestAsAnIoError() throws Exception {
    provider.placeholder = (c, p) -> {
      if (p.name().equals("boom")) {
        throw new IllegalStateException("provider bug");
      }
      return INFO;
    };
    Throwable error = failure(engine.getPlaceholder(ProjectedPath.of("boom"), 0));
    assertThat(error).isInstanceOf(IllegalStateException.class);
    assertThat(Errors.errno(error)).isEqualTo(5);
    assertThat(lookup("other")).isSameAs(INFO);
    assertThat(engine.stats().get(Callback.GET_PLACEHOLDER).errors()).isEqualTo(1);
    stillServes();
  }

  @Test
  void anErrorThrownFromTheCallbackIsContained() throws Exception {
    provider.placeholder = (c, p) -> {
      throw new StackOverflowError("deep");
    };
    assertThat(failure(engine.getPlaceholder(ProjectedPath.of("x"), 0)))
        .isInstanceOf(StackOverflowError.class);
    stillServes();
  }

  @Test
  void aFailedDeferredStageFailsTheRequestWithItsException() throws Exception {
    provider.placeholder = (c, p) ->
        c.defer(CompletableFuture.failedFuture(new java.nio.file.AccessDeniedException(p.toString())));
    Throwable error = failure(engine.getPlaceholder(ProjectedPath.of("secret"), 0));
    assertThat(Errors.errno(error)).isEqualTo(13);
    stillServes();
  }

  @Test
  void anIoExceptionWrappedByAnAsynchronousProviderKeepsItsMeaning() throws Exception {
    provider.placeholder = (c, p) -> c.defer(CompletableFuture.supplyAsync(() -> {
      throw new java.io.UncheckedIOException(new java.nio.file.NoSuchFileException(p.toString()));
    }));
    Throwable error = failure(engine.getPlaceholder(ProjectedPath.of("gone"), 0));
    assertThat(error).isInstanceOf(java.nio.file.NoSuchFileException.class);
    assertThat(Errors.errno(error)).isEqualTo(2);
    assertThat(engine.stats().get(Callback.GET_PLACEHOLDER).errors()).isEqualTo(1);
  }

  @Test
  void deferringTwiceFailsOnlyThatRequestAndTheSecondAnswerIsIgnored() throws Exception {
    CompletableFuture<PlaceholderInfo> first = new CompletableFuture<>();
    AtomicReference<Throwable> secondDefer = new AtomicReference<>();
    provider.placeholder = (c, p) -> {
      c.defer(first);
      try {
        return c.defer(CompletableFuture.completedFuture(INFO));
      } catch (IllegalStateException e) {
        secondDefer.set(e);
        throw e;
      }
    };
    Call<PlaceholderInfo> call = engine.getPlaceholder(ProjectedPath.of("twice"), 0);
    assertThat(failure(call)).isInstanceOf(IllegalStateException.class);
    assertThat(secondDefer.get()).isInstanceOf(IllegalStateException.class);
    first.complete(INFO); // the first deferred answer arrives late: ignored
    assertThat(call.result()).isCompletedExceptionally();
    stillServes();
  }

  @Test
  void deferringAfterReturningIsRefusedAndTheFirstAnswerStands() throws Exception {
    AtomicReference<Command> kept = new AtomicReference<>();
    provider.placeholder = (c, p) -> {
      kept.set(c);
      return INFO;
    };
    assertThat(lookup("sync")).isSameAs(INFO);
    Command command = kept.get();
    assertThatThrownBy(() -> command.defer(CompletableFuture.completedFuture(PlaceholderInfo.directory().build())))
        .isInstanceOf(IllegalStateException.class);
    assertThat(command.isCancelled()).isFalse();
    assertThat(engine.cancel(command.id())).isFalse(); // finished: a cancel is ignored
    stillServes();
  }

  @Test
  void completingADeferredStageTwiceAnswersOnce() throws Exception {
    AtomicReference<CompletableFuture<PlaceholderInfo>> stage = new AtomicReference<>();
    provider.placeholder = (c, p) -> {
      CompletableFuture<PlaceholderInfo> f = new CompletableFuture<>();
      stage.set(f);
      return c.defer(f);
    };
    Call<PlaceholderInfo> call = engine.getPlaceholder(ProjectedPath.of("a"), 0);
    await().until(() -> stage.get() != null);
    stage.get().complete(INFO);
    stage.get().obtrudeValue(PlaceholderInfo.directory().build()); // a provider forcing a second value
    assertThat(call.result().get()).isSameAs(INFO);
    stillServes();
  }

  @Test
  void writingOrLendingDataAfterCompletionIsRefusedAndTheReplyIsUntouched() throws Exception {
    for (boolean lend : new boolean[] {false, true}) {
      AtomicReference<DataSink> keptSink = new AtomicReference<>();
      provider.data = (c, p, offset, length, sink) -> {
        sink.write(ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII)));
        keptSink.set(sink);
      };
      TestSinks.Bytes buffer = new TestSinks.Bytes(0, 8);
      engine.getFileData(ProjectedPath.of("f"), 0, 8, buffer, 0, PlaceholderVersion.NONE)
          .result().get(10, TimeUnit.SECONDS);
      ByteBuffer late = ByteBuffer.allocateDirect(1);
      assertThatThrownBy(() -> handOver(keptSink.get(), late, lend))
          .isInstanceOf(IllegalStateException.class);
      assertThat(buffer.bytes()).containsExactly('a', 'b', 'c');
      assertThat(buffer.loans).isZero();
      stillServes();
    }
  }

  @Test
  void writingOrLendingPastTheRequestedRangeFailsThatRead() throws Exception {
    for (boolean lend : new boolean[] {false, true}) {
      provider.data = (c, p, offset, length, sink) ->
          handOver(sink, ByteBuffer.allocateDirect(length + 1), lend);
      TestSinks.Bytes buffer = new TestSinks.Bytes(0, 4);
      Throwable error = failure(engine.getFileData(ProjectedPath.of("f"), 0, 4, buffer, 0,
          PlaceholderVersion.NONE));
      assertThat(error).isInstanceOf(IllegalArgumentException.class);
      assertThat(buffer.bytes()).isEmpty();
      assertThat(buffer.loans).isZero();
      stillServes();
    }
  }

  private static void handOver(DataSink sink, ByteBuffer data, boolean lend) throws IOException {
    if (lend) {
      sink.lend(data);
    } else {
      sink.write(data);
    }
  }

  @Test
  void aLoanReachesTheAdaptersSinkAsALoan() throws Exception {
    provider.data = (c, p, offset, length, sink) -> {
      sink.write(ByteBuffer.wrap("ab".getBytes(StandardCharsets.US_ASCII)));
      sink.lend(ByteBuffer.allocateDirect(2).put((byte) 'c').put((byte) 'd').flip());
    };
    TestSinks.Bytes buffer = new TestSinks.Bytes(0, 8);
    engine.getFileData(ProjectedPath.of("f"), 0, 8, buffer, 0, PlaceholderVersion.NONE)
        .result().get(10, TimeUnit.SECONDS);
    assertThat(buffer.bytes()).containsExactly('a', 'b', 'c', 'd');
    assertThat(buffer.loans).as("forwarded as a loan, not turned into a write").isEqualTo(1);
  }

  @Test
  void addingEntriesAfterCompletionIsRefused() throws Exception {
    AtomicReference<EntrySink> keptSink = new AtomicReference<>();
    provider.enumerate = (request, sink) -> {
      if (request.resumeAfter() == null) {
        sink.add("a", INFO);
        keptSink.set(sink);
      }
    };
    long session = engine.startEnumeration(ProjectedPath.ROOT, 0).result().get();
    TestSinks.Entries buffer = new TestSinks.Entries(10);
    engine.getEnumeration(session, null, false, buffer, 0).result().get();
    assertThatThrownBy(() -> keptSink.get().add("b", INFO)).isInstanceOf(IllegalStateException.class);
    assertThat(buffer.names).containsExactly("a");
    engine.endEnumeration(session);
    await().until(() -> provider.ends.get() == 1);
    stillServes();
  }

  @Test
  void aThrowingCancelHandlerDoesNotStopTheEngine() throws Exception {
    TestProvider throwing = new TestProvider() {
      @Override
      public void cancel(long commandId) {
        super.cancel(commandId);
        throw new IllegalStateException("cancel bug");
      }
    };
    try (Engine other = new Engine(throwing, 1, 2, Collation.BYTE_ORDER)) {
      CompletableFuture<PlaceholderInfo> never = new CompletableFuture<>();
      throwing.placeholder = (c, p) -> p.name().equals("slow") ? c.defer(never) : INFO;
      Call<PlaceholderInfo> slow = other.getPlaceholder(ProjectedPath.of("slow"), 0);
      await().until(() -> other.liveCommands() == 1 && !slow.result().isDone());
      assertThat(slow.cancel()).isTrue();
      await().until(() -> throwing.cancelCalls.get() == 1);
      assertThat(other.getPlaceholder(ProjectedPath.of("b"), 0).result().get()).isSameAs(INFO);
      assertThat(other.liveCommands()).isZero();
    }
  }
}
