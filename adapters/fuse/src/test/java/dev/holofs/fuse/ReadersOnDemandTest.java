package dev.holofs.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Readers} started on demand, with a queue of the test's in place of /dev/fuse: a request
 * is a latch its reader holds until the test opens it, and the test calls {@code addIfStarved()}
 * (the housekeeping tick's part that adds readers) itself. A tick starts a reader when the last one waiting took a request
 * since the one before, never past the bound, and readers back from a request while enough
 * others wait park as spares, which a new place takes before a new thread.
 */
class ReadersOnDemandTest {

  private static final int PLACES = 3;
  private static final int MAX_IDLE = 2;
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final LinkedBlockingQueue<CountDownLatch> kernel = new LinkedBlockingQueue<>();
  private final AtomicInteger handling = new AtomicInteger();
  private volatile boolean ended;
  private final Readers readers = new Readers(PLACES, MAX_IDLE, 4, "on-demand-test", this::loop,
      fd -> true, () -> { }, () -> { });

  /** A reader's loop: takes requests as from read(2), holds each until its latch opens. */
  private void loop(Readers.Reader reader) {
    try {
      while (!ended) {
        CountDownLatch request = kernel.poll(10, TimeUnit.MILLISECONDS);
        if (request == null) {
          continue;
        }
        reader.handling();
        handling.incrementAndGet();
        request.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        handling.decrementAndGet();
        if (!reader.handled()) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @AfterEach
  void end() throws InterruptedException {
    ended = true;
    readers.ending();
    assertThat(readers.awaitGone(WAIT.toMillis())).isTrue();
  }

  private CountDownLatch request() {
    CountDownLatch request = new CountDownLatch(1);
    kernel.add(request);
    return request;
  }

  @Test
  void oneReaderAtFirstAndAnotherAtTheTickAfterTheLastWaitingTookARequest() {
    readers.start(3);
    readers.addIfStarved();
    assertThat(readers.started()).as("one reader before any request").isEqualTo(1);
    CountDownLatch first = request();
    await().atMost(WAIT).until(() -> handling.get() == 1);
    assertThat(readers.started()).as("not before the tick").isEqualTo(1);
    readers.addIfStarved();
    assertThat(readers.started()).as("the only reader took one: one more waits").isEqualTo(2);
    readers.addIfStarved();
    assertThat(readers.started()).as("one per time it happens").isEqualTo(2);
    CountDownLatch second = request();
    await().atMost(WAIT).until(() -> handling.get() == 2);
    first.countDown(); // back before the tick: it still happened
    await().atMost(WAIT).until(() -> handling.get() == 1);
    readers.addIfStarved();
    assertThat(readers.started()).isEqualTo(3);
    second.countDown();
    await().atMost(WAIT).until(() -> handling.get() == 0);
    // One request at a time with two waiting: none is started, however many ticks pass.
    for (int i = 0; i < 20; i++) {
      CountDownLatch r = request();
      r.countDown();
      await().atMost(WAIT).until(() -> kernel.isEmpty() && handling.get() == 0);
      readers.addIfStarved();
    }
    assertThat(readers.started()).isEqualTo(3);
  }

  @Test
  void neverMoreReadersThanPlacesHowEverManyRequestsWait() {
    readers.start(3);
    CountDownLatch held = new CountDownLatch(1);
    for (int i = 0; i < PLACES + 2; i++) {
      kernel.add(held);
    }
    for (int tick = 0; tick < PLACES + 2; tick++) {
      readers.addIfStarved();
      await().atMost(WAIT).until(() -> handling.get() == readers.started());
    }
    assertThat(handling.get()).isEqualTo(PLACES);
    assertThat(readers.started()).as("every place taken, none more").isEqualTo(PLACES);
    assertThat(kernel).as("requests wait for a reader back").hasSize(2);
    held.countDown();
    await().atMost(WAIT).until(() -> kernel.isEmpty() && handling.get() == 0);
    assertThat(readers.started()).isEqualTo(PLACES);
  }

  @Test
  void readersPastTheIdleBoundParkAndANewPlaceTakesASpareFirst() {
    readers.start(3);
    CountDownLatch burst = new CountDownLatch(1);
    for (int i = 0; i < PLACES; i++) {
      kernel.add(burst);
    }
    for (int tick = 0; tick < PLACES; tick++) {
      readers.addIfStarved();
      await().atMost(WAIT).until(() -> handling.get() == readers.started());
    }
    assertThat(handling.get()).isEqualTo(PLACES);
    burst.countDown();
    await("the reader back while two wait parks").atMost(WAIT)
        .until(() -> handling.get() == 0 && readers.spares() == PLACES - MAX_IDLE);
    CountDownLatch a = request();
    CountDownLatch b = request();
    await().atMost(WAIT).until(() -> handling.get() == 2);
    readers.addIfStarved();
    await("the last waiting took one: at the tick, the spare reads again").atMost(WAIT)
        .until(() -> readers.spares() == 0);
    assertThat(readers.started()).as("no new thread").isEqualTo(PLACES);
    a.countDown();
    b.countDown();
  }
}
