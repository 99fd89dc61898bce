package dev.holofs.s3;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * The four S3 calls the provider makes, asynchronous, on one bucket. Every returned future, when
 * cancelled, aborts its HTTP request.
 */
final class Bucket implements AutoCloseable {

  private final S3AsyncClient client;
  private final String name;
  private final AtomicInteger inFlight = new AtomicInteger();

  Bucket(S3AsyncClient client, String name) {
    this.client = client;
    this.name = name;
  }

  String name() {
    return name;
  }

  /** One ListObjectsV2 page of {@code prefix} with delimiter {@code /}, keys after {@code startAfter}. */
  CompletableFuture<ListObjectsV2Response> list(String prefix, String startAfter, String token,
      int maxKeys) {
    return call(c -> c.listObjectsV2(b -> {
      b.bucket(name).prefix(prefix).delimiter("/").maxKeys(maxKeys);
      if (token != null) {
        b.continuationToken(token);
      } else if (startAfter != null) {
        b.startAfter(startAfter);
      }
    }));
  }

  /** HEAD of {@code key}. */
  CompletableFuture<HeadObjectResponse> head(String key) {
    return call(c -> c.headObject(b -> b.bucket(name).key(key)));
  }

  /** HEAD of the bucket: it exists and the credentials may use it. */
  CompletableFuture<?> check() {
    return call(c -> c.headBucket(b -> b.bucket(name)));
  }

  /**
   * Bytes {@code [from, from + length)} of {@code key}, only if its ETag is still {@code etag}
   * (null: any version).
   */
  CompletableFuture<ByteBuffer> get(String key, String etag, long from, int length) {
    CompletableFuture<ByteBuffer> raw = get(key, etag, from, length, null);
    return abortingWith(raw, raw.thenApply(ByteBuffer::asReadOnlyBuffer));
  }

  /**
   * As {@link #get(String, String, long, int)}, received into {@code into} if not null; completes
   * with the buffer the bytes were received into, not a read-only view: a read-ahead part hands
   * it on to be used again once its readers, who only read it, are done.
   */
  CompletableFuture<ByteBuffer> get(String key, String etag, long from, int length,
      ByteBuffer into) {
    GetObjectRequest.Builder b = GetObjectRequest.builder().bucket(name).key(key)
        .range("bytes=" + from + "-" + (from + length - 1));
    if (etag != null) {
      b.ifMatch(etag);
    }
    GetObjectRequest request = b.build();
    return call(c -> c.getObject(request,
        into == null ? new IntoBuffer(length) : new IntoBuffer(into)));
  }

  /** Calls sent and not yet answered: a test waits for none before it counts what the server saw. */
  int inFlight() {
    return inFlight.get();
  }

  /** {@code send} on the client, counted in flight. */
  private <T> CompletableFuture<T> call(Function<S3AsyncClient, CompletableFuture<T>> send) {
    CompletableFuture<T> call = send.apply(client);
    inFlight.incrementAndGet();
    call.whenComplete((v, t) -> inFlight.decrementAndGet());
    return call;
  }

  /** {@code derived}, which when cancelled cancels {@code source}: the SDK then aborts the request. */
  static <T> CompletableFuture<T> abortingWith(CompletableFuture<?> source,
      CompletableFuture<T> derived) {
    derived.whenComplete((v, t) -> {
      if (derived.isCancelled()) {
        source.cancel(true);
      }
    });
    return derived;
  }

  @Override
  public void close() {
    client.close();
  }
}
