package dev.holofs.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Readers#watch}'s hand-off, with a loop of the test's instead of /dev/fuse: the first
 * reader to run plays a reader handling requests, the others wait as if in {@code read(2)}. The
 * test calls {@code watch()} itself, so a tick is when the test says, not when the clock does.
 */
class ReadersTest {

  private static final int PLACES = 2;
  private static final int WAIT_SECONDS = 60;

  /** Ends every reader: the worker's request and the idle readers' wait. */
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicBoolean workerTaken = new AtomicBoolean();
  private Readers readers;

  private Readers readers(Readers.Loop worker) {
    Readers.Loop loop = reader -> {
      if (workerTaken.compareAndSet(false, true)) {
        worker.run(reader);
      } else {
        await(release); // idle, as in read(2)
      }
    };
    readers = new Readers(PLACES, PLACES, 4, Readers.SPARE_IDLE_NANOS, "readers-test", loop,
        fd -> true, () -> { }, () -> { });
    readers.start(3);
    return readers;
  }

  @AfterEach
  void end() throws InterruptedException {
    release.countDown();
    if (readers != null) {
      readers.ending();
      assertThat(readers.awaitGone(TimeUnit.SECONDS.toMillis(WAIT_SECONDS))).isTrue();
    }
  }

  @Test
  void aReaderHeldByOneRequestForAWholeTickHandsItsPlaceOver() throws InterruptedException {
    CountDownLatch held = new CountDownLatch(1);
    readers(reader -> {
      reader.handling();
      held.countDown();
      await(release); // blocks without saying so
      reader.handled();
    });
    assertThat(held.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    readers.watch();
    assertThat(readers.started()).as("handling since less than a tick").isEqualTo(PLACES);
    readers.watch();
    assertThat(readers.started()).as("held a whole tick: a new reader in its place")
        .isEqualTo(PLACES + 1);
    readers.watch();
    assertThat(readers.started()).as("handed over once while away").isEqualTo(PLACES + 1);
  }

  @Test
  void aReaderThatFinishesARequestEveryTickKeepsItsPlace() throws InterruptedException {
    Semaphore handling = new Semaphore(0);
    Semaphore finish = new Semaphore(0);
    readers(reader -> {
      while (release.getCount() > 0) {
        reader.handling();
        handling.release();
        try {
          if (!finish.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
            return;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        reader.handled();
      }
    });
    for (int tick = 0; tick < 5; tick++) {
      assertThat(handling.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
      readers.watch(); // always handling, but a new request each tick
      finish.release();
    }
    assertThat(handling.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    readers.watch();
    assertThat(readers.started()).as("never handed over").isEqualTo(PLACES);
    release.countDown();
    finish.release(); // the worker finishes its request and, released, ends
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
