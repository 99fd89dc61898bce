package dev.holofs.zip;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * The zip provider's cache of inflated data: one budget in bytes ({@link #capacity()}) in two
 * least-recently-used shares. Whole entries take most of it: they are what random readers come
 * back to. Chunks of large entries take an eighth ({@link #chunkCapacity()}; at least a reader's
 * window, at most half): they pass through, each read about once (the kernel keeps the pages it
 * was given), so they need only a reader's window (its read-ahead, the chunks just behind it),
 * and a random reader over a huge entry seldom comes back to one. Sharing one order with whole
 * entries, such readers filled the whole budget with chunks nobody asked for again, pushing the
 * whole entries out and growing the heap by the budget. A value weighs its bytes plus a fixed
 * overhead for its key and the cache's own entry; the total never exceeds {@link #capacity()},
 * and the collector may take values back before that when the heap runs short (they are soft).
 */
final class EntryCache {

  /** Heap taken by one cached value besides its bytes: key, cache entry, array header. */
  static final int OVERHEAD = 96;
  private static final long WHOLE = -1;

  /**
   * What a value is: {@code slot >= 0} is chunk {@code slot} of a large entry; -1 all of it. Not a
   * record: a record's equals and hashCode run through method handles, which C1 (a zip mount's
   * only compiler) does not inline, and every read of a deflated entry hashes a key.
   */
  private static final class Key {
    private final int entry;
    private final long slot;

    Key(int entry, long slot) {
      this.entry = entry;
      this.slot = slot;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.entry == entry && k.slot == slot;
    }

    @Override
    public int hashCode() {
      return 31 * entry + Long.hashCode(slot);
    }
  }

  private final long capacity;
  private final long chunkCapacity;
  /** Whole entries. */
  private final Cache<Key, byte[]> wholes;
  /** Chunks of large entries. */
  private final Cache<Key, byte[]> chunks;

  /**
   * @param capacity the most bytes held, both shares
   * @param chunkSize the bytes of a chunk
   * @param window the chunks of one sequential reader's window: the least the chunks' share holds
   *     if that is at most half the cache. The default cache's eighth holds about five windows;
   *     at most {@link ZipOptions#maxInflaters()} readers inflate at once. Never less than two
   *     chunks (as {@link ZipOptions} checks the cache holds), or a chunk would be evicted as
   *     soon as it was stored.
   */
  EntryCache(long capacity, int chunkSize, int window) {
    this.capacity = capacity;
    long chunk = chunkSize + (long) OVERHEAD;
    long share = Math.min(capacity / 2, Math.max(capacity / 8, window * chunk));
    this.chunkCapacity = Math.max(share, Math.min(capacity, 2 * chunk));
    this.wholes = lru(capacity - chunkCapacity);
    this.chunks = lru(chunkCapacity);
  }

  private static Cache<Key, byte[]> lru(long bytes) {
    return CacheBuilder.newBuilder()
        .maximumWeight(bytes)
        .weigher((Key k, byte[] v) -> weigh(v))
        .concurrencyLevel(1) // one LRU over the whole share: segments would split it
        // The budget is the most it holds; on a heap too small for it and the rest of the
        // mount (a large archive's tree, the kernel's inodes), the collector may take it back.
        .softValues()
        .build();
  }

  static int weigh(byte[] value) {
    return OVERHEAD + value.length;
  }

  byte[] whole(FileEntry file) {
    return whole(file.entry.index());
  }

  /** The whole entry of record {@code record}, if cached (keys are records: no read state needed). */
  byte[] whole(int record) {
    return wholes.getIfPresent(new Key(record, WHOLE));
  }

  /** The whole entry, loaded by {@code loader} once however many readers ask at once. */
  byte[] whole(FileEntry file, Callable<byte[]> loader) throws ExecutionException {
    return wholes.get(new Key(file.entry.index(), WHOLE), loader);
  }

  void dropWhole(FileEntry file) {
    dropWhole(file.entry.index());
  }

  /** Drops the whole entry of record {@code record} (keys are records: no read state needed). */
  void dropWhole(int record) {
    wholes.invalidate(new Key(record, WHOLE));
  }

  byte[] chunk(FileEntry file, long index) {
    return chunks.getIfPresent(new Key(file.entry.index(), index));
  }

  /** Chunk {@code index}, loaded by {@code loader} once however many readers ask at once. */
  byte[] chunk(FileEntry file, long index, Callable<byte[]> loader) throws ExecutionException {
    return chunks.get(new Key(file.entry.index(), index), loader);
  }

  void dropChunk(FileEntry file, long index) {
    chunks.invalidate(new Key(file.entry.index(), index));
  }

  void putChunk(FileEntry file, long index, byte[] chunk) {
    chunks.put(new Key(file.entry.index(), index), chunk);
  }

  /** The most bytes the cache holds, both shares. */
  long capacity() {
    return capacity;
  }

  /** The most bytes the chunks' share holds. */
  long chunkCapacity() {
    return chunkCapacity;
  }

  /**
   * The bytes it holds, as weighed (for tests and diagnostics). It walks the cache, so it is no
   * snapshot while another thread inserts and evicts (a walk ahead): it may count an entry evicted
   * meanwhile and the one that replaced it, more than the cache ever held at once.
   */
  long weight() {
    return weight(wholes) + chunkWeight();
  }

  /** The bytes the chunks' share holds, as weighed (as {@link #weight()}). */
  long chunkWeight() {
    return weight(chunks);
  }

  private static long weight(Cache<Key, byte[]> share) {
    long sum = 0;
    for (byte[] v : share.asMap().values()) {
      sum += weigh(v);
    }
    return sum;
  }

  void clear() {
    wholes.invalidateAll();
    chunks.invalidateAll();
  }
}
