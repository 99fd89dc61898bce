package dev.holofs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.holofs.spi.Collation;
import dev.holofs.spi.Command;
import dev.holofs.spi.EnumerationRequest;
import dev.holofs.spi.EnumerationSession;
import dev.holofs.spi.OpeningProvider;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.PlaceholderVersion;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.spi.Provider;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.reflect.Method;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The open-in-background rule, once for every provider that uses it (zip, s3, vfs): requests wait
 * for the open as blocking work, bounded and cancellable, then reach the opened provider; a failed
 * open fails every request with EIO and gives its reason to {@code awaitOpened}; a provider opened
 * after its close is closed; sessions started before the open are started before their first
 * listing; and the engine treats the wrapper as the class it opens.
 */
class OpeningProviderTest {

  /** A provider that counts its closes. */
  static class Closing extends TestProvider implements AutoCloseable {
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  /** A command run outside the engine, which records its blocking work and keeps its cancel action. */
  static final class FakeCommand implements Command {
    final AtomicInteger blocking = new AtomicInteger();
    final AtomicReference<Runnable> onCancel = new AtomicReference<>();

    @Override
    public long id() {
      return 1;
    }

    @Override
    public ProjectedPath path() {
      return ProjectedPath.of("a");
    }

    @Override
    public int processId() {
      return 0;
    }

    @Override
    public PlaceholderVersion version() {
      return PlaceholderVersion.NONE;
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public void onCancel(Runnable action) {
      onCancel.set(action);
    }

    @Override
    public <T> T defer(CompletionStage<? extends T> completion) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <T> T blocking(Callable<T> work) throws IOException {
      blocking.incrementAndGet();
      return TestProvider.call(work);
    }
  }

  private static OpeningProvider<Closing> opening(CompletableFuture<Closing> open, Duration bound) {
    return OpeningProvider.builder(Closing.class, "src:\u001b[31m", () -> {
      try {
        return open.get();
      } catch (ExecutionException e) {
        throw (IOException) e.getCause();
      } catch (InterruptedException e) {
        throw new InterruptedIOException();
      }
    }).waitingAtMost(bound).start("test-open");
  }

  /** A lookup of {@code a} by {@code command} on another thread, once it waits for the open. */
  private static CompletableFuture<PlaceholderInfo> waitingLookup(OpeningProvider<Closing> opening,
      FakeCommand command) {
    CompletableFuture<PlaceholderInfo> answer = CompletableFuture.supplyAsync(() -> {
      try {
        return opening.getPlaceholder(command, ProjectedPath.of("a"));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    await().atMost(Duration.ofSeconds(30)).until(() -> command.onCancel.get() != null);
    return answer;
  }

  @Test
  void aRequestWaitsForTheOpenAsBlockingWorkThenReachesTheProvider() throws Exception {
    CompletableFuture<Closing> open = new CompletableFuture<>();
    try {
      OpeningProvider<Closing> opening = opening(open, null);
      FakeCommand command = new FakeCommand();
      CompletableFuture<PlaceholderInfo> answer = waitingLookup(opening, command);
      assertThat(command.blocking).as("waiting as blocking work: no slot held").hasValue(1);
      assertThat(answer).isNotDone();
      Closing provider = new Closing();
      provider.placeholder = (c, p) -> PlaceholderInfo.file(42).build();
      open.complete(provider);
      assertThat(answer.get(30, TimeUnit.SECONDS).size()).isEqualTo(42);
      assertThat(opening.getPlaceholder(command, ProjectedPath.of("a")).size()).isEqualTo(42);
      assertThat(command.blocking).as("once open, no more waiting").hasValue(1);
      assertThat(opening.awaitOpened()).isSameAs(provider);
    } finally {
      open.complete(new Closing()); // ends the "test-open" thread if a step failed
    }
  }

  @Test
  void aCancelledRequestStopsWaiting() throws Exception {
    CompletableFuture<Closing> open = new CompletableFuture<>();
    try {
      OpeningProvider<Closing> opening = opening(open, null);
      FakeCommand command = new FakeCommand();
      CompletableFuture<PlaceholderInfo> answer = waitingLookup(opening, command);
      command.onCancel.get().run();
      assertThatThrownBy(() -> answer.get(30, TimeUnit.SECONDS))
          .hasRootCauseInstanceOf(InterruptedIOException.class)
          .rootCause().hasMessage("cancelled while src:\\x1b[31m was being opened");
    } finally {
      open.complete(new Closing()); // ends the "test-open" thread
    }
  }

  @Test
  void aWaitEndsAtItsBoundSayingSo() {
    CompletableFuture<Closing> open = new CompletableFuture<>();
    try {
      OpeningProvider<Closing> opening = opening(open, Duration.ofSeconds(1));
      String why = "src:\\x1b[31m: did not answer in time (still opening after 1 s)";
      assertThatThrownBy(opening::awaitOpened).isInstanceOf(IOException.class).hasMessage(why);
      assertThatThrownBy(() -> opening.getPlaceholder(new FakeCommand(), ProjectedPath.of("a")))
          .isInstanceOf(IOException.class).hasMessage(why);
    } finally {
      open.complete(new Closing());
    }
  }

  @Test
  void aFailedOpenFailsEveryRequestWithEioAndGivesItsReasonToAwaitOpened() throws Exception {
    NoSuchFileException reason = new NoSuchFileException("src:/missing-root");
    OpeningProvider<Closing> opening = opening(CompletableFuture.failedFuture(reason), null);
    Throwable first = catchThrowable(opening::awaitOpened);
    assertThat(first).as("the open's type, for a command line that reads it")
        .isExactlyInstanceOf(NoSuchFileException.class).hasMessage("src:/missing-root")
        .hasCause(reason);
    assertThat(catchThrowable(opening::awaitOpened)).as("a fresh exception for each caller")
        .isNotSameAs(first).hasMessage("src:/missing-root");
    try (Engine engine = new Engine(opening, 1, 2, Collation.BYTE_ORDER)) {
      Throwable[] failures = {
          failure(engine.getPlaceholder(ProjectedPath.of("a"), 0)),
          failure(engine.getPlaceholder(ProjectedPath.of("a"), 0)),
          failure(engine.getFileData(ProjectedPath.of("a"), 0, 1, new TestSinks.Bytes(0, 1), 0,
              PlaceholderVersion.NONE)),
          failure(engine.getEnumeration(engine.startEnumeration(ProjectedPath.ROOT, 0).result()
              .get(30, TimeUnit.SECONDS), null, false, new TestSinks.Entries(10), 0))};
      for (Throwable f : failures) {
        assertThat(f).isExactlyInstanceOf(IOException.class).hasMessage("src:/missing-root")
            .hasCause(reason);
        assertThat(Errors.errno(f)).as("EIO, not ENOENT").isEqualTo(5);
      }
      assertThat(failures[0]).as("a fresh exception each").isNotSameAs(failures[1]);
    }
  }

  private static Throwable failure(Call<?> call) {
    try {
      call.result().get(30, TimeUnit.SECONDS);
      throw new AssertionError("answered");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aProviderOpenedAfterItsCloseIsClosedOnce() throws Exception {
    CompletableFuture<Closing> open = new CompletableFuture<>();
    try {
      OpeningProvider<Closing> opening = opening(open, null);
      opening.close();
      Closing provider = new Closing();
      open.complete(provider);
      await().atMost(Duration.ofSeconds(30)).until(() -> provider.closes.get() == 1);
      opening.close();
      assertThat(provider.closes).hasValue(1);
    } finally {
      open.complete(new Closing()); // ends the "test-open" thread if a step failed
    }
  }

  @Test
  void whatTheOpeningDeclaredIsCheckedAgainstTheProvider() {
    Closing immutable = new Closing() {
      @Override
      public boolean isImmutable() {
        return true;
      }

      @Override
      public void close() {
        super.close();
        throw new IllegalStateException("close failed too");
      }
    };
    OpeningProvider<Closing> opening = opening(CompletableFuture.completedFuture(immutable), null);
    assertThat(opening.isImmutable()).isFalse();
    // The mismatch stays the reason though closing the provider failed.
    assertThatThrownBy(opening::awaitOpened).hasMessageContaining("otherwise than its opening declared");
    assertThat(immutable.closes).hasValue(1);
  }

  @Test
  void anOpenThatEndedIsNotAbortedByTheClose() throws Exception {
    AtomicInteger aborts = new AtomicInteger();
    OpeningProvider<Closing> opening = OpeningProvider.builder(Closing.class, "src", () -> {
      throw new IOException("unreachable");
    }).onEarlyClose(aborts::incrementAndGet).start("test-open");
    assertThatThrownBy(opening::awaitOpened).hasMessage("unreachable");
    opening.close();
    assertThat(aborts).as("what the failed open opened, it closed itself").hasValue(0);
  }

  @Test
  void aSessionStartedBeforeTheOpenIsStartedBeforeItsListingAndEndedOnce() throws Exception {
    CompletableFuture<Closing> open = new CompletableFuture<>();
    try {
      OpeningProvider<Closing> opening = opening(open, null);
      Closing provider = new Closing();
      try (Engine engine = new Engine(opening, 1, 2, Collation.BYTE_ORDER)) {
        long listed = engine.startEnumeration(ProjectedPath.ROOT, 0).result().get(30, TimeUnit.SECONDS);
        long unlisted = engine.startEnumeration(ProjectedPath.ROOT, 0).result().get(30, TimeUnit.SECONDS);
        open.complete(provider);
        engine.getEnumeration(listed, null, false, new TestSinks.Entries(10), 0).result()
            .get(30, TimeUnit.SECONDS);
        engine.endEnumeration(listed);
        engine.endEnumeration(unlisted); // never started on the provider: not ended on it either
        await().atMost(Duration.ofSeconds(30)).until(() -> provider.ends.get() == 1);
      }
      // Read once the engine's pool, where ends are delivered, is closed: a wrong end of the
      // unlisted session, delivered after the await, is counted.
      assertThat(provider.starts).hasValue(1);
      assertThat(provider.ends).hasValue(1);
    } finally {
      open.complete(new Closing()); // ends the "test-open" thread if a step failed
    }
  }

  /** A session of the root, as the engine would hand one. */
  private static EnumerationSession session(long id) {
    return new EnumerationSession() {
      @Override
      public long id() {
        return id;
      }

      @Override
      public ProjectedPath directory() {
        return ProjectedPath.ROOT;
      }
    };
  }

  /** A first listing of {@code session} by {@code command}. */
  private static EnumerationRequest listing(FakeCommand command, EnumerationSession session) {
    return new EnumerationRequest() {
      @Override
      public Command command() {
        return command;
      }

      @Override
      public EnumerationSession session() {
        return session;
      }

      @Override
      public String searchExpression() {
        return null;
      }

      @Override
      public String resumeAfter() {
        return null;
      }

      @Override
      public boolean isRestartScan() {
        return false;
      }

      @Override
      public Collation collation() {
        return Collation.BYTE_ORDER;
      }
    };
  }

  @Test
  void aHeldBackStartRunsAsBlockingWorkAndOneThatFailsIsNeverEnded() throws Exception {
    AtomicInteger failingStarts = new AtomicInteger(1);
    Closing provider = new Closing() {
      @Override
      public void startEnumeration(EnumerationSession session) throws IOException {
        super.startEnumeration(session);
        if (failingStarts.getAndDecrement() > 0) {
          throw new IOException("start refused");
        }
      }
    };
    CompletableFuture<Closing> open = new CompletableFuture<>();
    OpeningProvider<Closing> opening = opening(open, null);
    EnumerationSession session = session(7);
    opening.startEnumeration(session); // before the open: held back
    open.complete(provider);
    assertThat(opening.awaitOpened()).isSameAs(provider);

    FakeCommand command = new FakeCommand();
    assertThatThrownBy(() -> opening.enumerate(listing(command, session), new TestSinks.Entries(10)))
        .hasMessage("start refused");
    assertThat(command.blocking).as("the held-back start ran as blocking work").hasValue(1);
    assertThat(provider.starts).hasValue(1);
    opening.endEnumeration(session);
    assertThat(provider.ends).as("a session whose start failed is not ended").hasValue(0);

    EnumerationSession next = session(8);
    opening.startEnumeration(next); // open by now: started at once
    opening.enumerate(listing(new FakeCommand(), next), new TestSinks.Entries(10));
    opening.endEnumeration(next);
    assertThat(provider.starts).hasValue(2);
    assertThat(provider.ends).hasValue(1);
  }

  /** A provider that starts sessions but has no end for them. */
  static final class StartsOnly extends WithoutSessionHooks {
    final AtomicInteger starts = new AtomicInteger();

    StartsOnly() {
      super(new CountDownLatch(0), new CountDownLatch(0));
    }

    @Override
    public void startEnumeration(EnumerationSession session) {
      starts.incrementAndGet();
    }
  }

  @Test
  void startsBeforeTheOpenAreNotKeptForATypeThatNeverEndsSessions() throws Exception {
    CompletableFuture<StartsOnly> open = new CompletableFuture<>();
    OpeningProvider<StartsOnly> opening = OpeningProvider.builder(StartsOnly.class, "src",
        () -> open.join()).start("test-open");
    try {
      EnumerationSession session = session(9);
      opening.startEnumeration(session); // no end would ever come to drop it: not kept
      StartsOnly provider = new StartsOnly();
      open.complete(provider);
      opening.awaitOpened();
      opening.enumerate(listing(new FakeCommand(), session), new TestSinks.Entries(10));
      assertThat(provider.starts).hasValue(0);
    } finally {
      open.complete(new StartsOnly());
    }
  }

  /** A provider with no session hooks, whose session starts run on the caller's thread. */
  static class WithoutSessionHooks implements Provider, AutoCloseable {
    private final CountDownLatch entered;
    private final CountDownLatch release;

    /** Its lookups count {@code entered} down, then wait for {@code release}. */
    WithoutSessionHooks(CountDownLatch entered, CountDownLatch release) {
      this.entered = entered;
      this.release = release;
    }

    @Override
    public void enumerate(dev.holofs.spi.EnumerationRequest request, dev.holofs.spi.EntrySink sink) {}

    @Override
    public PlaceholderInfo getPlaceholder(Command command, ProjectedPath path) throws IOException {
      entered.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new InterruptedIOException();
      }
      return null;
    }

    @Override
    public void getFileData(Command command, ProjectedPath path, long offset, int length,
        dev.holofs.spi.DataSink sink) {}

    @Override
    public void close() {}
  }

  @Test
  void theEngineTreatsAnOpeningAsTheClassItOpens() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    OpeningProvider<WithoutSessionHooks> opening = OpeningProvider.builder(
        WithoutSessionHooks.class, "src", () -> new WithoutSessionHooks(entered, release))
        .start("test-open");
    opening.awaitOpened();
    try (Engine engine = new Engine(opening, 1, 1, Collation.BYTE_ORDER)) {
      Call<PlaceholderInfo> busy = engine.getPlaceholder(ProjectedPath.of("a"), 0);
      assertThat(entered.await(30, TimeUnit.SECONDS)).as("the pool's one worker is busy").isTrue();
      // The wrapper declares startEnumeration; the class it opens does not: the start runs on
      // this thread, not queued behind the busy worker.
      assertThat(engine.startEnumeration(ProjectedPath.ROOT, 0).result()).isDone();
      release.countDown();
      busy.result().get(30, TimeUnit.SECONDS);
    } finally {
      release.countDown();
    }
  }

  @Test
  void everyProviderMethodIsAnsweredByTheOpening() {
    for (Method m : Provider.class.getMethods()) {
      assertThat(declares(OpeningProvider.class, m)).as("answers %s", m).isTrue();
    }
  }

  private static boolean declares(Class<?> type, Method m) {
    try {
      type.getDeclaredMethod(m.getName(), m.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
