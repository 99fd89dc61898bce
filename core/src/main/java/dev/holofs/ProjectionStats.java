package dev.holofs;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of what a projection's callbacks did: for each kind, how many ran, failed and were
 * cancelled, and a latency histogram (from the command's start to its answer).
 */
public final class ProjectionStats {

  /** The provider callbacks that are measured. */
  public enum Callback {
    /** Starting a listing (ProjFS's StartDirectoryEnumeration): once per listing. */
    START_ENUMERATION,
    /** Getting a listing's next entries (GetDirectoryEnumeration): one or more per listing. */
    ENUMERATE,
    /** Describing an item (GetPlaceholderInfo). */
    GET_PLACEHOLDER,
    /** Reading a file's bytes (GetFileData). */
    GET_FILE_DATA
  }

  private final Map<Callback, CallbackStats> byCallback;

  /** Made by the engine. */
  public ProjectionStats(Map<Callback, CallbackStats> byCallback) {
    this.byCallback = new EnumMap<>(byCallback);
  }

  /** The figures for one kind of callback. */
  public CallbackStats get(Callback callback) {
    return byCallback.getOrDefault(callback, CallbackStats.EMPTY);
  }

  @Override
  public String toString() {
    return byCallback.toString();
  }

  /**
   * Figures for one kind of callback. {@code latencyBuckets[i]} counts the commands answered in
   * {@code [2^i, 2^(i+1))} nanoseconds (bucket 0 also holds 0 and 1 ns).
   */
  public record CallbackStats(long count, long errors, long cancellations, long[] latencyBuckets) {

    static final CallbackStats EMPTY = new CallbackStats(0, 0, 0, new long[64]);

    public CallbackStats {
      latencyBuckets = latencyBuckets.clone();
    }

    @Override
    public long[] latencyBuckets() {
      return latencyBuckets.clone();
    }

    /**
     * An upper bound, in nanoseconds, of the latency below which {@code fraction} (0 to 1) of the
     * commands fell; 0 when none ran.
     */
    public long latencyAtMost(double fraction) {
      long total = Arrays.stream(latencyBuckets).sum();
      long seen = 0;
      for (int i = 0; i < latencyBuckets.length; i++) {
        seen += latencyBuckets[i];
        if (total > 0 && seen >= Math.ceil(fraction * total)) {
          return i >= 62 ? Long.MAX_VALUE : (1L << (i + 1)) - 1;
        }
      }
      return 0;
    }

    @Override
    public String toString() {
      return "{count=" + count + ", errors=" + errors + ", cancellations=" + cancellations
          + ", p50<=" + latencyAtMost(0.5) + "ns, p99<=" + latencyAtMost(0.99) + "ns}";
    }
  }
}
