package dev.holofs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.holofs.spi.Collation;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.EnumerationRequest;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine's session rules, seen from the provider's side. */
class EnumerationSessionTest {

  private static final PlaceholderInfo FILE = PlaceholderInfo.file(0).build();
  private static final List<String> NAMES = List.of("a1", "a2", "b1", "b2", "c1", "c2", "d1", "d2");

  private final TestProvider provider = new TestProvider();
  private final Engine engine = new Engine(provider, 2, 4, Collation.BYTE_ORDER);
  private final List<String> expressionsSeen = new CopyOnWriteArrayList<>();
  private final List<String> resumesSeen = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    engine.close(0);
  }

  /** Lists NAMES after resumeAfter, at most {@code page} per call, without filling the buffer. */
  private void pages(int page) {
    provider.enumerate = (EnumerationRequest request, EntrySink sink) -> {
      expressionsSeen.add(request.searchExpression());
      resumesSeen.add(String.valueOf(request.resumeAfter()));
      int added = 0;
      for (String name : NAMES) {
        if (request.resumeAfter() != null && name.compareTo(request.resumeAfter()) <= 0) {
          continue;
        }
        if (added == page || !sink.add(name, FILE)) {
          return;
        }
        added++;
      }
    };
  }

  private List<String> get(long session, String expression, boolean restart, int capacity)
      throws Exception {
    TestSinks.Entries buffer = new TestSinks.Entries(capacity);
    engine.getEnumeration(session, expression, restart, buffer, 0).result().get(10, TimeUnit.SECONDS);
    return buffer.names;
  }

  private List<String> getAll(long session, String expression, int capacity) throws Exception {
    List<String> all = new ArrayList<>();
    for (List<String> batch = get(session, expression, false, capacity); !batch.isEmpty();
        batch = get(session, null, false, capacity)) {
      all.addAll(batch);
    }
    return all;
  }

  private long open() throws Exception {
    return engine.startEnumeration(ProjectedPath.ROOT, 0).result().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aProviderAnsweringAPageAtATimeIsListedCompletely() throws Exception {
    pages(3); // never fills a buffer of 100: returning without filling is not the end
    long session = open();
    assertThat(getAll(session, null, 100)).containsExactlyElementsOf(NAMES);
    engine.endEnumeration(session);
  }

  @Test
  void theSearchExpressionIsCapturedOnTheFirstGetAndOnRestartOnly() throws Exception {
    pages(100);
    long session = open();
    assertThat(get(session, "a*", false, 1)).containsExactly("a1");
    assertThat(get(session, "b*", false, 1)).containsExactly("a2"); // "b*" is ignored
    assertThat(get(session, "c*", true, 10)).containsExactly("c1", "c2"); // restart: re-captured
    assertThat(get(session, "*", false, 10)).isEmpty();
    assertThat(expressionsSeen).startsWith("a*", "a*").contains("c*").doesNotContain("b*");
    engine.endEnumeration(session);
  }

  @Test
  void noExpressionMeansStar() throws Exception {
    pages(100);
    long session = open();
    assertThat(get(session, null, false, 100)).containsExactlyElementsOf(NAMES);
    assertThat(expressionsSeen).first().isEqualTo("*");
  }

  @Test
  void aGetWhoseNamesAreAllFilteredOutCallsTheProviderAgainRatherThanEndTheListing() throws Exception {
    pages(2); // "a1", "a2" in the first call: neither matches
    long session = open();
    assertThat(getAll(session, "d*", 100)).containsExactly("d1", "d2");
    assertThat(resumesSeen).startsWith("null", "a2", "b2", "c2");
  }

  @Test
  void resumeAfterIsTheLastAcceptedNameAndAFullBufferStopsTheProvider() throws Exception {
    pages(100);
    long session = open();
    assertThat(get(session, null, false, 3)).containsExactly("a1", "a2", "b1");
    assertThat(get(session, null, false, 3)).containsExactly("b2", "c1", "c2");
    assertThat(resumesSeen).containsExactly("null", "b1");
  }

  @Test
  void outOfOrderAndInvalidNamesAreDropped() throws Exception {
    provider.enumerate = (request, sink) -> {
      if (request.resumeAfter() == null) {
        sink.add("b", FILE);
        sink.add("a", FILE); // out of order
        sink.add("b", FILE); // duplicate
        sink.add("..", FILE); // invalid
        sink.add("c", FILE);
      }
    };
    long session = open();
    assertThat(getAll(session, null, 10)).containsExactly("b", "c");
  }

  @Test
  void aProviderThatIgnoresResumeAfterStillEnds() throws Exception {
    provider.enumerate = (request, sink) -> NAMES.forEach(n -> sink.add(n, FILE));
    long session = open();
    assertThat(getAll(session, null, 3)).containsExactlyElementsOf(NAMES);
  }

  @Test
  void getsOnAnEndedOrUnknownSessionFailAndEndIsDeliveredOnce() throws Exception {
    pages(100);
    long session = open();
    engine.endEnumeration(session);
    engine.endEnumeration(session);
    assertThatThrownBy(() -> get(session, null, false, 10)).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> get(12345, null, false, 10)).isInstanceOf(ExecutionException.class);
    await().until(() -> provider.ends.get() == 1);
    assertThat(engine.liveSessions()).isZero();
    engine.close(1000); // drains the pool: a second delivery would have happened by now
    assertThat(provider.ends.get()).isEqualTo(1);
  }

  @Test
  void aFailedStartEndsNothingAndLeavesNoSession() throws Exception {
    TestProvider failing = new TestProvider() {
      @Override
      public void startEnumeration(dev.holofs.spi.EnumerationSession session)
          throws java.nio.file.NoSuchFileException {
        throw new java.nio.file.NoSuchFileException(session.directory().toString());
      }
    };
    try (Engine other = new Engine(failing, 1, 1, Collation.BYTE_ORDER)) {
      assertThatThrownBy(() -> other.startEnumeration(ProjectedPath.of("x"), 0).result().get())
          .hasCauseInstanceOf(java.nio.file.NoSuchFileException.class);
      assertThat(other.liveSessions()).isZero();
      assertThat(failing.ends.get()).isZero();
    }
  }

  @Test
  void aProviderWithoutStartOrEndGetsSessionsWithoutAWorker() throws Exception {
    java.util.Set<String> listers = java.util.concurrent.ConcurrentHashMap.newKeySet();
    dev.holofs.spi.Provider plain = new dev.holofs.spi.Provider() {
      @Override
      public void enumerate(dev.holofs.spi.EnumerationRequest request, dev.holofs.spi.EntrySink sink) {
        listers.add(Thread.currentThread().getName());
        sink.add("a", dev.holofs.spi.PlaceholderInfo.file(1).build());
      }

      @Override
      public dev.holofs.spi.PlaceholderInfo getPlaceholder(dev.holofs.spi.Command command,
          ProjectedPath path) {
        return null;
      }

      @Override
      public void getFileData(dev.holofs.spi.Command command, ProjectedPath path, long offset,
          int length, dev.holofs.spi.DataSink sink) {}
    };
    try (Engine other = new Engine(plain, 1, 1, Collation.BYTE_ORDER)) {
      Call<Long> start = other.startEnumeration(ProjectedPath.ROOT, 0);
      assertThat(start.result()).as("started on the caller's thread").isDone();
      long session = start.result().get();
      TestSinks.Entries entries = new TestSinks.Entries(10);
      other.getEnumeration(session, null, false, entries, 0).result().get(10, TimeUnit.SECONDS);
      assertThat(entries.names).containsExactly("a");
      assertThat(listers).as("listing still runs on a worker").singleElement()
          .satisfies(n -> assertThat(n).contains("worker"));
      other.endEnumeration(session);
    }
  }

  @Test
  void closingTheEngineEndsOpenSessions() throws Exception {
    pages(100);
    open();
    open();
    engine.close(1000);
    assertThat(provider.ends.get()).isEqualTo(2);
    assertThat(engine.liveSessions()).isZero();
  }
}
