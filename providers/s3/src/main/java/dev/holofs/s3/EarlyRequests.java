package dev.holofs.s3;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.cache.RemovalCause;
import com.google.common.cache.RemovalListener;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Requests sent ahead of need, by what they answer: one nobody took in time is aborted. */
final class EarlyRequests {

  private EarlyRequests() {}

  /** At most {@code size} requests, each kept {@code keep} for its taker (who removes it). */
  static <K, V> Cache<K, CompletableFuture<V>> cache(int size, Duration keep) {
    return CacheBuilder.newBuilder().maximumSize(size).expireAfterWrite(keep)
        .removalListener((RemovalListener<K, CompletableFuture<V>>) n -> {
          if (n.getCause() != RemovalCause.EXPLICIT && n.getCause() != RemovalCause.REPLACED) {
            n.getValue().cancel(true); // the SDK's own future: cancelling aborts the request
          }
        })
        .build();
  }
}
