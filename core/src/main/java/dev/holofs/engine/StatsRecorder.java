package dev.holofs.engine;

import dev.holofs.ProjectionStats;
import dev.holofs.ProjectionStats.Callback;
import dev.holofs.ProjectionStats.CallbackStats;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** Counts what each kind of callback did; lock-free, cheap enough for every command. */
final class StatsRecorder {

  private final Map<Callback, PerCallback> byCallback = new EnumMap<>(Callback.class);

  StatsRecorder() {
    for (Callback c : Callback.values()) {
      byCallback.put(c, new PerCallback());
    }
  }

  void record(Callback kind, long nanos, boolean error, boolean cancelled) {
    PerCallback p = byCallback.get(kind);
    p.count.increment();
    if (cancelled) {
      p.cancellations.increment();
    } else if (error) {
      p.errors.increment();
    }
    p.latency.incrementAndGet(63 - Long.numberOfLeadingZeros(Math.max(1, nanos)));
  }

  ProjectionStats snapshot() {
    Map<Callback, CallbackStats> out = new EnumMap<>(Callback.class);
    byCallback.forEach((kind, p) -> {
      long[] buckets = new long[64];
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = p.latency.get(i);
      }
      out.put(kind, new CallbackStats(p.count.sum(), p.errors.sum(), p.cancellations.sum(), buckets));
    });
    return new ProjectionStats(out);
  }

  private static final class PerCallback {
    final LongAdder count = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder cancellations = new LongAdder();
    final AtomicLongArray latency = new AtomicLongArray(64);
  }
}
