package dev.holofs.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.spi.Collation;
import dev.holofs.spi.FileNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A 10,000-entry directory read through readdir buffers of 7 entries: every name exactly once, in
 * collation order — plain, with search expressions, with restart-scans, and interrupted midway —
 * for a synchronous and an asynchronous provider, in both collations.
 */
class LargeDirectoryTest {

  private static final int ENTRIES = 10_000;
  private static final int BUFFER = 7;

  private final ExecutorService async = Executors.newFixedThreadPool(2);
  private Driver driver;
  private CountingProvider counting;
  private NumberedProvider provider;

  static Stream<Arguments> variants() {
    return Stream.of(
        Arguments.of(Collation.BYTE_ORDER, false), Arguments.of(Collation.BYTE_ORDER, true),
        Arguments.of(Collation.WINDOWS, false), Arguments.of(Collation.WINDOWS, true));
  }

  private void start(Collation collation, boolean asynchronous) {
    provider = new NumberedProvider(ENTRIES, asynchronous ? async : null);
    counting = new CountingProvider(provider);
    driver = Driver.of(counting, 2, 4, collation);
  }

  @AfterEach
  void stop() {
    driver.close();
    async.shutdownNow();
  }

  private List<String> expected() {
    return provider.names(driver.collation());
  }

  @ParameterizedTest(name = "{0}, async={1}")
  @MethodSource("variants")
  void everyNameOnceInCollationOrder(Collation collation, boolean asynchronous) throws Exception {
    start(collation, asynchronous);
    List<String> names = Entry.names(driver.list("big", null, BUFFER));
    assertThat(names).hasSize(ENTRIES).containsExactlyElementsOf(expected());
    assertThat(new HashSet<>(names)).hasSize(ENTRIES);
    assertThat(driver.liveSessions()).isZero();
    ProviderConformanceTest.awaitTrue(() -> counting.endCalls() == 1);
    assertThat(counting.unbalancedSessions()).isEmpty();
  }

  @ParameterizedTest(name = "{0}, async={1}")
  @MethodSource("variants")
  void withSearchExpressions(Collation collation, boolean asynchronous) throws Exception {
    start(collation, asynchronous);
    for (String expression : List.of("*7", "ITEM-1?3", "item-99>>", "<.x", "item-4242")) {
      List<String> names = Entry.names(driver.list("big", expression, BUFFER));
      List<String> wanted = expected().stream().filter(n -> FileNames.matches(n, expression)).toList();
      assertThat(names).as(expression).containsExactlyElementsOf(wanted);
    }
    assertThat(Entry.names(driver.list("big", "*7", BUFFER))).hasSize(1000);
    assertThat(Entry.names(driver.list("big", "ITEM-1?3", BUFFER))).hasSize(10);
  }

  @ParameterizedTest(name = "{0}, async={1}")
  @MethodSource("variants")
  void withRestartScans(Collation collation, boolean asynchronous) throws Exception {
    start(collation, asynchronous);
    SplittableRandom random = new SplittableRandom(11);
    try (DirectoryHandle dir = driver.opendir("big")) {
      for (int restart = 0; restart < 5; restart++) {
        // Read part of the listing, then restart with a new expression for a while.
        int batches = random.nextInt(300);
        List<String> partial = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
          partial.addAll(Entry.names(dir.readdir(BUFFER, "*", b == 0 && restart > 0)));
        }
        assertThat(partial).containsExactlyElementsOf(expected().subList(0, partial.size()));
        List<String> filtered = new ArrayList<>(
            Entry.names(dir.readdir(BUFFER, "*5", true)));
        filtered.addAll(Entry.names(dir.readdir(BUFFER)));
        assertThat(filtered).containsExactlyElementsOf(expected().stream()
            .filter(n -> n.endsWith("5")).limit(filtered.size()).toList());
      }
      // A final restart with no expression lists everything, each name once.
      List<String> all = new ArrayList<>(Entry.names(dir.readdir(BUFFER, null, true)));
      all.addAll(Entry.names(dir.readAll(null, BUFFER)));
      assertThat(all).containsExactlyElementsOf(expected());
    }
    ProviderConformanceTest.awaitTrue(() -> counting.endCalls() == 1);
    assertThat(counting.endCalls()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}, async={1}")
  @MethodSource("variants")
  void interruptedReaddirsLoseNoNameAndTheSessionEndsOnce(Collation collation, boolean asynchronous)
      throws Exception {
    start(collation, asynchronous);
    SplittableRandom random = new SplittableRandom(5);
    List<String> names = new ArrayList<>();
    int interrupted = 0;
    try (DirectoryHandle dir = driver.opendir("big")) {
      while (true) {
        DirectoryHandle.PendingReaddir readdir = dir.startReaddir(BUFFER, null, false);
        if (random.nextInt(10) == 0) {
          for (int spin = random.nextInt(5000); spin > 0; spin--) {
            Thread.onSpinWait();
          }
          readdir.cancel(); // INTERRUPT: the kernel retries the same readdir
        }
        try {
          readdir.result().get(30, TimeUnit.SECONDS);
        } catch (CancellationException e) {
          interrupted++;
          continue; // an interrupted readdir delivers nothing: its entries come again
        }
        List<String> batch = Entry.names(readdir.entries());
        if (batch.isEmpty()) {
          break;
        }
        names.addAll(batch);
      }
    }
    assertThat(interrupted).isPositive();
    assertThat(names).containsExactlyElementsOf(expected());
    ProviderConformanceTest.awaitTrue(() -> counting.endCalls() == 1);
    assertThat(counting.endCalls()).isEqualTo(1);
    assertThat(counting.unbalancedSessions()).isEmpty();
    assertThat(driver.liveCommands()).isZero();
  }

  @ParameterizedTest(name = "{0}, async={1}")
  @MethodSource("variants")
  void aCancelInTheMiddleThenReleaseEndsTheSessionExactlyOnce(Collation collation,
      boolean asynchronous) throws Exception {
    start(collation, asynchronous);
    for (int round = 0; round < 20; round++) {
      DirectoryHandle dir = driver.opendir("big");
      for (int b = 0; b < 700 / (round + 1); b++) {
        dir.readdir(BUFFER);
      }
      DirectoryHandle.PendingReaddir readdir = dir.startReaddir(BUFFER, null, false);
      readdir.cancel();
      dir.close();
      dir.close(); // a second release is ignored
      try {
        readdir.result().get(30, TimeUnit.SECONDS);
      } catch (CancellationException | ExecutionException e) {
        // cancelled, as expected, or refused because the session ended
      }
      long session = dir.sessionId();
      ProviderConformanceTest.awaitTrue(() -> counting.endCalls(session) == 1);
      assertThat(counting.endCalls(session)).as("ends of session %d", session).isEqualTo(1);
    }
    assertThat(counting.sessionsStarted()).isEqualTo(20);
    assertThat(counting.unbalancedSessions()).isEmpty();
    assertThat(driver.liveSessions()).isZero();
    assertThat(driver.liveCommands()).isZero();
  }
}
