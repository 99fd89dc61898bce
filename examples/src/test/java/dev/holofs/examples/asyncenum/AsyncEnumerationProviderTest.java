package dev.holofs.examples.asyncenum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.holofs.spi.Collation;
import dev.holofs.testkit.DirectoryHandle;
import dev.holofs.testkit.Driver;
import dev.holofs.testkit.Entry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The seed's behaviours: asynchronous completion, bookmarks, cancellation, session teardown. */
class AsyncEnumerationProviderTest {

  private final Map<String, byte[]> files = new LinkedHashMap<>();
  private AsyncEnumerationProvider provider;
  private Driver driver;

  private void start(int entries, Collation collation) {
    for (int i = 0; i < entries; i++) {
      files.put("dir/" + (i % 2 == 0 ? "n" : "N") + i, new byte[] {(byte) i});
    }
    provider = new AsyncEnumerationProvider(files);
    driver = Driver.of(provider, 2, 4, collation);
  }

  @AfterEach
  void stop() {
    driver.close();
    provider.close();
  }

  private List<String> expected(Collation collation) {
    List<String> names = new ArrayList<>();
    files.keySet().forEach(k -> names.add(k.substring("dir/".length())));
    names.sort(collation);
    return names;
  }

  @ParameterizedTest
  @EnumSource(Collation.class)
  void listsInCollationOrderFromTheWorkerThread(Collation collation) throws Exception {
    start(1000, collation);
    assertThat(Entry.names(driver.list("dir", null, 7))).containsExactlyElementsOf(expected(collation));
    assertThat(Entry.names(driver.list("dir", "n1?", 3))).containsExactlyElementsOf(expected(collation)
        .stream().filter(n -> n.length() == 3 && n.toLowerCase().startsWith("n1")).toList());
    await().until(() -> provider.openSessions() == 0);
    assertThat(provider.pendingCommands()).isZero();
  }

  @Test
  void cancelledCallsAreMarkedAndTheListingResumesWhereHolofsSays() throws Exception {
    start(3000, Collation.WINDOWS);
    List<String> names = new ArrayList<>();
    int interrupted = 0;
    try (DirectoryHandle dir = driver.opendir("dir")) {
      for (int call = 0; ; call++) {
        DirectoryHandle.PendingReaddir readdir = dir.startReaddir(5, null, false);
        if (call % 4 == 1) {
          readdir.cancel();
        }
        try {
          readdir.result().get(30, TimeUnit.SECONDS);
        } catch (CancellationException e) {
          interrupted++;
          continue;
        }
        List<String> batch = Entry.names(readdir.entries());
        if (batch.isEmpty()) {
          break;
        }
        names.addAll(batch);
      }
    }
    assertThat(interrupted).isPositive();
    assertThat(names).containsExactlyElementsOf(expected(Collation.WINDOWS));
    await().until(() -> provider.openSessions() == 0 && provider.pendingCommands() == 0);
  }

  @Test
  void aCancelReachesTheProviderForAPendingCommand() throws Exception {
    start(10, Collation.BYTE_ORDER);
    // Occupy both worker threads so the enumeration stays pending, then cancel it.
    java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
    try (DirectoryHandle dir = driver.opendir("dir")) {
      var blockers = new ArrayList<java.util.concurrent.Future<?>>();
      var worker = provider.worker();
      for (int i = 0; i < 2; i++) {
        blockers.add(worker.submit(() -> {
          hold.await();
          return null;
        }));
      }
      DirectoryHandle.PendingReaddir readdir = dir.startReaddir(5, null, false);
      await().until(() -> provider.pendingCommands() == 1);
      assertThat(readdir.cancel()).isTrue();
      await().until(() -> provider.cancelsSeen() == 1);
      hold.countDown();
      await().until(() -> provider.pendingCommands() == 0);
      assertThat(readdir.entries()).isEmpty(); // the worker saw the mark and added nothing
      // The session goes on: the next call lists from the top.
      assertThat(Entry.names(dir.readdir(100))).containsExactlyElementsOf(expected(Collation.BYTE_ORDER));
    }
    await().until(() -> provider.openSessions() == 0);
  }
}
