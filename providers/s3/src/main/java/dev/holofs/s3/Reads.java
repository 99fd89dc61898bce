package dev.holofs.s3;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.cache.RemovalListener;
import com.google.common.cache.RemovalNotification;
import dev.holofs.spi.Command;
import dev.holofs.spi.DataSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Ranged reads of object versions: a random reader gets exactly the range it asks for; a reader
 * going forward is served by its {@link ReadStream}'s parts fetched ahead. Every GET carries
 * {@code If-Match} with the ETag the item was described with, so bytes of two versions never mix.
 */
final class Reads implements AutoCloseable {

  /** Readers remembered per object version. */
  static final int STREAMS_PER_OBJECT = 4;
  /** A reader idle this long is forgotten and its parts dropped. */
  static final Duration IDLE = Duration.ofSeconds(20);

  private final Bucket bucket;
  private final MemoryBudget budget;
  private final PartBuffers buffers;
  private final boolean readAhead;
  private final Cache<String, Deque<ReadStream>> streams = CacheBuilder.newBuilder()
      .maximumSize(1024).expireAfterAccess(IDLE)
      .removalListener((RemovalListener<String, Deque<ReadStream>>) this::removed)
      .build();

  Reads(Bucket bucket, long budgetBytes) {
    this.bucket = bucket;
    this.budget = new MemoryBudget(budgetBytes);
    this.buffers = new PartBuffers(budget);
    this.readAhead = budgetBytes > 0;
  }

  /**
   * Writes bytes {@code [offset, offset + length)} of version {@code etag} of {@code key}, clipped
   * to {@code size}, to {@code sink}; completes when they are written. {@code whole}, if not
   * null, is that version's whole content, fetched already. {@code onStale} runs when the object
   * was replaced.
   */
  CompletableFuture<Void> read(Command command, String key, String etag, long size, long offset,
      int length, DataSink sink, CompletableFuture<ByteBuffer> whole, Consumer<Throwable> onStale) {
    if (offset >= size || length <= 0) {
      return CompletableFuture.completedFuture(null);
    }
    int wanted = (int) Math.min(length, size - offset);
    ReadStream.Fetcher fetcher = (from, n, into) -> bucket.get(key, etag, from, n, into);
    ReadStream stream = whole == null ? streamFor(key + '\0' + etag, size, offset, wanted) : null;
    List<ReadStream.Piece> pieces = whole != null
        ? List.of(ReadStream.Piece.own(whole, (int) offset, wanted))
        : stream == null
        ? List.of(ReadStream.Piece.own(fetcher.fetch(offset, wanted, null), 0, wanted))
        : stream.plan(offset, wanted, fetcher);
    command.onCancel(() -> pieces.forEach(p -> {
      if (p.own()) {
        p.bytes().cancel(true);
      }
    }));
    CompletableFuture<Void> written = CompletableFuture.completedFuture(null);
    for (ReadStream.Piece piece : pieces) {
      written = written.thenCompose(ignored -> piece.bytes()).thenAccept(bytes -> {
        ByteBuffer slice = bytes.duplicate();
        slice.position(piece.offset()).limit(piece.offset() + piece.length());
        try {
          sink.write(slice);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          piece.done().run(); // the sink copied them: the part's buffer may be used again
        }
      });
    }
    return written.exceptionally(t -> {
      pieces.forEach(p -> {
        p.done().run();
        if (p.own()) {
          p.bytes().cancel(true);
        } else if (p.bytes().isCompletedExceptionally() && stream != null) {
          stream.forget(p.bytes());
        }
      });
      if (S3Errors.status(t) == S3Errors.PRECONDITION_FAILED) {
        streams.invalidate(key + '\0' + etag);
        onStale.accept(t);
      }
      Throwable c = S3Errors.unwrap(t);
      if (c instanceof UncheckedIOException io) {
        c = io.getCause();
      }
      throw S3Errors.completion(c, key);
    });
  }

  /** The stream a read at {@code offset} continues, or null after starting a new one. */
  private ReadStream streamFor(String version, long size, long offset, int length) {
    if (!readAhead) {
      return null;
    }
    Deque<ReadStream> list = streams.asMap().computeIfAbsent(version, v -> new ArrayDeque<>());
    synchronized (list) {
      for (ReadStream s : list) {
        if (s.continues(offset)) {
          list.remove(s);
          list.addFirst(s);
          return s;
        }
      }
      list.addFirst(new ReadStream(size, budget, buffers, offset + length));
      while (list.size() > STREAMS_PER_OBJECT) {
        list.removeLast().close();
      }
      return null;
    }
  }

  private void removed(RemovalNotification<String, Deque<ReadStream>> n) {
    Deque<ReadStream> list = n.getValue();
    if (list != null) {
      synchronized (list) {
        list.forEach(ReadStream::close);
        list.clear();
      }
    }
  }

  @Override
  public void close() {
    streams.invalidateAll();
    buffers.clear();
  }
}
