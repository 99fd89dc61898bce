package dev.holofs.s3;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Receives a ranged GET's body straight into one buffer of the range's length (made here, or
 * given: a read-ahead part's, used again): no growing array and no final copy, as the SDK's
 * {@code toBytes()} makes. A body longer than the range fails.
 */
final class IntoBuffer implements AsyncResponseTransformer<GetObjectResponse, ByteBuffer> {

  /**
   * Ranges from this size up (read-ahead parts) are received off the heap: they stay alive while
   * the reader catches up, so on the heap the serial collector copied or promoted them and then
   * compacted the old generation (full collections took ~10% of a sequential read's CPU); off
   * it, each costs the collector one small object. The read-ahead budget bounds them.
   */
  static final int DIRECT_FROM = 256 << 10;

  private final int capacity;
  private final ByteBuffer given;
  private volatile CompletableFuture<ByteBuffer> result;
  /** The buffer the current attempt receives into. */
  private volatile ByteBuffer buffer;

  IntoBuffer(int capacity) {
    this.capacity = capacity;
    this.given = null;
  }

  /** Into {@code into}, from its start (again on each attempt) up to its capacity. */
  IntoBuffer(ByteBuffer into) {
    this.capacity = into.capacity();
    this.given = into;
  }

  @Override
  public CompletableFuture<ByteBuffer> prepare() {
    result = new CompletableFuture<>();
    return result;
  }

  @Override
  public void onResponse(GetObjectResponse response) {
    long length = response.contentLength() == null ? capacity : response.contentLength();
    int size = (int) Math.min(capacity, Math.max(0, length));
    if (given != null) {
      buffer = given.clear().limit(size); // from the start again if the SDK retries
    } else {
      buffer = size >= DIRECT_FROM ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
    }
  }

  @Override
  public void onStream(SdkPublisher<ByteBuffer> publisher) {
    // This attempt's: if the SDK retries, prepare() makes a new result and a late onNext of this
    // attempt must not write into the buffer the next one fills.
    CompletableFuture<ByteBuffer> mine = result;
    ByteBuffer into = buffer;
    publisher.subscribe(new Subscriber<ByteBuffer>() {
      private Subscription subscription;

      @Override
      public void onSubscribe(Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(ByteBuffer part) {
        if (result != mine) {
          subscription.cancel();
        } else if (part.remaining() > into.remaining()) {
          subscription.cancel();
          mine.completeExceptionally(new IllegalStateException(
              "S3 sent more than the " + capacity + " bytes asked for"));
        } else {
          into.put(part);
        }
      }

      @Override
      public void onError(Throwable t) {
        mine.completeExceptionally(t);
      }

      @Override
      public void onComplete() {
        if (result == mine) {
          mine.complete(into.flip());
        }
      }
    });
  }

  @Override
  public void exceptionOccurred(Throwable error) {
    CompletableFuture<ByteBuffer> r = result;
    if (r != null) {
      r.completeExceptionally(error);
    }
  }
}
