package dev.holofs.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A sequential reader's parts: their buffers are used again, but never while a read planned on
 * them has still to write their bytes. The fetcher fills each range at once with bytes that say
 * where in the object they are, so a buffer handed out too early shows as wrong bytes.
 */
class ReadStreamTest {

  private static final long SIZE = 200L << 20;
  private static final int READ = 128 << 10;

  private final MemoryBudget budget = new MemoryBudget(64 << 20);
  private final PartBuffers buffers = new PartBuffers(budget);
  /** Every full-size part buffer the fetcher was handed, counted once. */
  private final Set<ByteBuffer> partBuffers = Collections.newSetFromMap(new IdentityHashMap<>());
  private int fullParts;

  private final ReadStream.Fetcher fetcher = (from, n, into) -> {
    ByteBuffer b = into != null ? into : ByteBuffer.allocate(n);
    if (n == ReadStream.MAX_PART) {
      partBuffers.add(b);
      fullParts++;
    }
    for (int i = 0; i < n; i++) {
      b.put(i, at(from + i));
    }
    return CompletableFuture.completedFuture(b.limit(n));
  };

  @Test
  void aSequentialReadTakesPartBuffersAgain() {
    ReadStream stream = new ReadStream(SIZE, budget, buffers, READ);
    for (long offset = READ; offset < 160L << 20; offset += READ) {
      List<ReadStream.Piece> pieces = stream.plan(offset, READ, fetcher);
      check(pieces, offset);
      pieces.forEach(p -> p.done().run());
    }
    assertThat(fullParts).as("full-size parts fetched").isGreaterThan(15);
    assertThat(partBuffers.size()).as("buffers they were fetched into")
        .isLessThanOrEqualTo((64 << 20) / ReadStream.MAX_PART + 1);
    stream.close();
    assertThat(buffers.kept()).as("no part left on the mount: nothing kept").isZero();
    assertThat(budget.used()).isZero();
  }

  @Test
  void readingToTheEndFreesTheKeptBuffersWithoutAnExpiry() {
    long size = 40L << 20;
    ReadStream stream = new ReadStream(size, budget, buffers, READ);
    List<ReadStream.Piece> last = List.of();
    for (long offset = READ; offset < size; offset += READ) {
      last = stream.plan(offset, READ, fetcher);
      check(last, offset);
      if (offset + READ < size) {
        last.forEach(p -> p.done().run());
      }
    }
    assertThat(fullParts).isGreaterThan(2);
    assertThat(buffers.kept()).as("kept while the last read has yet to write").isPositive();
    last.forEach(p -> p.done().run()); // the stream is not closed: an idle mount expires nothing
    assertThat(buffers.kept()).as("kept buffers once every part was written").isZero();
    assertThat(budget.used()).isZero();
  }

  @Test
  void aPartStillToBeWrittenKeepsItsBuffer() {
    ReadStream stream = new ReadStream(SIZE, budget, buffers, READ);
    long offset = READ;
    List<ReadStream.Piece> held = new ArrayList<>();
    long heldAt = -1;
    for (; offset < 160L << 20; offset += READ) {
      List<ReadStream.Piece> pieces = stream.plan(offset, READ, fetcher);
      if (heldAt < 0 && offset >= 20 << 20 && pieces.stream().noneMatch(ReadStream.Piece::own)) {
        held = pieces; // a reader that has not yet written: its part is dropped meanwhile
        heldAt = offset;
        continue;
      }
      pieces.forEach(p -> p.done().run());
    }
    assertThat(held).isNotEmpty();
    check(held, heldAt); // not overwritten by a part fetched since
    held.forEach(p -> p.done().run());
    assertThat(fullParts).isGreaterThan(15);
    stream.close();
  }

  @Test
  void aPartThatFailedOrWasAbortedNeverGivesBackItsBuffer() {
    List<CompletableFuture<ByteBuffer>> pending = new ArrayList<>();
    ReadStream.Fetcher stalled = (from, n, into) -> {
      if (n < ReadStream.MAX_PART) {
        return fetcher.fetch(from, n, into);
      }
      CompletableFuture<ByteBuffer> f = new CompletableFuture<>(); // S3 may still write into it
      pending.add(f);
      return f;
    };
    buffers.give(ByteBuffer.allocate(ReadStream.MAX_PART));
    buffers.give(ByteBuffer.allocate(ReadStream.MAX_PART));
    ReadStream stream = new ReadStream(SIZE, budget, buffers, READ);
    long offset = READ;
    while (pending.size() < 3) {
      stream.plan(offset, READ, stalled).forEach(p -> p.done().run()); // the small parts
      offset += READ;
    }
    assertThat(buffers.kept()).as("kept buffers the full-size parts took").isZero();

    pending.get(0).completeExceptionally(new IOException("connection reset"));
    stream.forget(pending.get(0));
    assertThat(buffers.kept()).as("after a part failed").isZero();

    stream.close(); // aborts the others
    assertThat(pending.get(1)).isCancelled();
    assertThat(buffers.kept()).as("after the parts in flight were aborted").isZero();
    assertThat(budget.used()).isZero();
  }

  @Test
  void aClosedStreamFetchesNothingAhead() {
    ReadStream stream = new ReadStream(SIZE, budget, buffers, READ);
    stream.close(); // by another reader, between finding the stream and planning on it
    List<ReadStream.Piece> pieces = stream.plan(READ, READ, fetcher);
    check(pieces, READ);
    assertThat(pieces).allMatch(ReadStream.Piece::own);
    assertThat(budget.used()).isZero();
  }

  /** The pieces of the read at {@code fileOffset}, in order, hold the object's bytes there. */
  private static void check(List<ReadStream.Piece> pieces, long fileOffset) {
    long at = fileOffset;
    for (ReadStream.Piece p : pieces) {
      ByteBuffer bytes = p.bytes().join();
      for (int i = 0; i < p.length(); i += 4093) {
        assertThat(bytes.get(p.offset() + i)).as("byte at %d", at + i).isEqualTo(at(at + i));
      }
      at += p.length();
    }
    assertThat(at).isEqualTo(fileOffset + READ);
  }

  private static byte at(long position) {
    return (byte) ((position * 0x9E3779B97F4A7C15L) >>> 56); // no period a part size divides
  }
}
