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
 * (the housekeeping tick's part that adds readers) itself. A tick starts a reader when the last
 * one waiting took a request since the one before (or stopped on a read error), never past the
 * bound, and readers back from a request while enough others wait park as spares, which a new
 * place takes before a new thread, and which end when none is needed for their idle time.
 */
class ReadersOnDemandTest {

  private static final int PLACES = 4;
  private static final int MAX_IDLE = 2;
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** Read from the test's kernel, it makes the reader stop as on a read error. */
  private static final CountDownLatch READ_ERROR = new CountDownLatch(0);
  /**
   * A request (not held) after which its reader is handed over just as it comes back, as a tick
   * may do, and then stops as on a read error.
   */
  private static final CountDownLatch HANDED_OVER_THEN_READ_ERROR = new CountDownLatch(0);

  private final LinkedBlockingQueue<CountDownLatch> kernel = new LinkedBlockingQueue<>();
  private final AtomicInteger handling = new AtomicInteger();
  /** Requests handled, counted once the reader is through {@code handled()}. */
  private final AtomicInteger finished = new AtomicInteger();
  /** Reader loops that returned. */
  private final AtomicInteger stopped = new AtomicInteger();
  private volatile boolean ended;
  private Readers readers = readers(Readers.SPARE_IDLE_NANOS);

  private Readers readers(long spareIdleNanos) {
    return new Readers(PLACES, MAX_IDLE, 4, spareIdleNanos, "on-demand-test", this::loop,
        fd -> true, () -> { }, () -> { });
  }

  /** A reader's loop: takes requests as from read(2), holds each until its latch opens. */
  private void loop(Readers.Reader reader) {
    try {
      while (!ended) {
        CountDownLatch request = kernel.poll(10, TimeUnit.MILLISECONDS);
        if (request == READ_ERROR) {
          return;
        }
        if (request == null) {
          continue;
        }
        reader.handling();
        handling.incrementAndGet();
        request.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        handling.decrementAndGet();
        boolean readsOn = reader.handled();
        finished.incrementAndGet();
        if (request == HANDED_OVER_THEN_READ_ERROR) {
          reader.handOff(); // what the tick does when it saw the request held a whole tick
          return;
        }
        if (!readsOn) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopped.incrementAndGet();
    }
  }

  @AfterEach
  void end() throws InterruptedException {
    readers.ending();
    ended = true;
    assertThat(readers.awaitGone(WAIT.toMillis())).isTrue();
  }

  private CountDownLatch request() {
    CountDownLatch request = new CountDownLatch(1);
    kernel.add(request);
    return request;
  }

  /**
   * Queues {@code n} requests held by one latch, ticking as often while readers take them.
   * @return the latch
   */
  private CountDownLatch burst(int n) {
    CountDownLatch held = new CountDownLatch(1);
    for (int i = 0; i < n; i++) {
      kernel.add(held);
    }
    for (int tick = 0; tick < n; tick++) {
      readers.addIfStarved();
      await().atMost(WAIT).until(() -> handling.get() == readers.started());
    }
    return held;
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
    // One request at a time with two waiting: none is started, however many ticks pass (one
    // place is still free).
    for (int i = 0; i < 20; i++) {
      int done = finished.get();
      request().countDown();
      await().atMost(WAIT).until(() -> finished.get() == done + 1);
      readers.addIfStarved();
    }
    assertThat(readers.started()).isEqualTo(3).isLessThan(PLACES);
  }

  @Test
  void neverMoreReadersThanPlacesHowEverManyRequestsWait() {
    readers.start(3);
    CountDownLatch held = burst(PLACES + 2);
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
    CountDownLatch burst = burst(PLACES);
    assertThat(handling.get()).isEqualTo(PLACES);
    burst.countDown();
    await("the reader back while two wait parks").atMost(WAIT)
        .until(() -> handling.get() == 0 && readers.spares() == PLACES - MAX_IDLE);
    CountDownLatch a = request();
    CountDownLatch b = request();
    await().atMost(WAIT).until(() -> handling.get() == 2);
    readers.addIfStarved();
    await("the last waiting took one: at the tick, a spare reads again").atMost(WAIT)
        .until(() -> readers.spares() == PLACES - MAX_IDLE - 1);
    assertThat(readers.started()).as("no new thread").isEqualTo(PLACES);
    a.countDown();
    b.countDown();
  }

  @Test
  void theLastReaderWaitingStoppedByAReadErrorIsReplacedAtTheTick() {
    readers.start(3);
    kernel.add(READ_ERROR);
    await("the only reader stops, and a tick starts another").atMost(WAIT).until(() -> {
      readers.addIfStarved();
      return stopped.get() == 1 && readers.started() == 2;
    });
    CountDownLatch r = request();
    await("the mount serves on").atMost(WAIT).until(() -> handling.get() == 1);
    r.countDown();
  }

  @Test
  void aReaderHandedOverAsItCameBackAndStoppedByAReadErrorIsNoLongerCountedAsWaiting() {
    readers.start(3);
    kernel.add(HANDED_OVER_THEN_READ_ERROR);
    await("the reader stops, and its place went to a new one").atMost(WAIT)
        .until(() -> stopped.get() == 1 && readers.started() == 2);
    readers.addIfStarved(); // the stopped one took a request with none else waiting: one more
    assertThat(readers.started()).isEqualTo(3);
    CountDownLatch held = new CountDownLatch(1);
    kernel.add(held);
    kernel.add(held);
    try {
      await().atMost(WAIT).until(() -> handling.get() == 2);
      readers.addIfStarved();
      assertThat(readers.started()).as("the two waiting took a request: a tick starts another")
          .isEqualTo(4);
    } finally {
      held.countDown();
    }
  }

  @Test
  void sparesEndAfterTheirIdleTime() {
    readers = readers(TimeUnit.MILLISECONDS.toNanos(1));
    readers.start(3);
    CountDownLatch burst = burst(PLACES);
    burst.countDown();
    await("the readers past the idle bound park, then end").atMost(WAIT)
        .until(() -> stopped.get() == PLACES - MAX_IDLE && readers.spares() == 0);
    CountDownLatch r = request();
    await("those waiting serve on").atMost(WAIT).until(() -> handling.get() == 1);
    r.countDown();
  }
}
