package dev.holofs.projfs;

import com.sun.jna.Memory;
import java.util.ArrayList;
import java.util.List;

/**
 * A dir-entry buffer of a fixed number of bytes, filled as ProjFS fills one: each entry takes a
 * FILE_ID_BOTH_DIR_INFORMATION record (104 bytes) plus its UTF-16 name, 8-byte aligned.
 */
final class FakeDirBuffer {

  /** One entry as the provider filled it, read back from native memory. */
  record Entry(String name, boolean directory, long size, int attributes, String symlinkTarget) {}

  /** The handle ProjFS passes: an address that means nothing but this buffer. */
  final Memory handle = new Memory(8);
  final List<Entry> entries = new ArrayList<>();
  private final int capacity;
  /** RETURN_SINGLE_ENTRY: the buffer takes one entry. */
  final boolean singleEntry;
  private int used;
  volatile boolean closed;

  FakeDirBuffer(int capacity, boolean singleEntry) {
    this.capacity = capacity;
    this.singleEntry = singleEntry;
  }

  static int recordSize(String name) {
    return (104 + 2 * name.length() + 7) & ~7;
  }

  /** Adds {@code e} if it fits. */
  synchronized boolean add(Entry e) {
    int size = recordSize(e.name());
    if (used + size > capacity || singleEntry && !entries.isEmpty()) {
      return false;
    }
    used += size;
    entries.add(e);
    return true;
  }

  synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }
}
