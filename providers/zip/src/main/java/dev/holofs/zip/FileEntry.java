package dev.holofs.zip;

import dev.holofs.spi.Printable;

/**
 * A file entry as its readers see it: its central directory record, and what reading it has
 * learned. Made by the tree the first time the entry is read (or described, for a symlink), and
 * kept until a read through it lets the tree release it ({@link EntryReader#read} says when):
 * checkpoints and live inflaters are keyed by its identity, so a state that has them is kept.
 */
final class FileEntry {

  final CdEntry entry;
  /** The entry's node in the tree: its path, for messages, is made only when one is needed. */
  private final Nodes nodes;
  private final int node;

  /** Where the entry's data starts, once its local header was checked; -1 before. */
  volatile long dataStart = -1;
  /** Why the entry can no longer be read (it inflated past its size, say); null while it can. */
  volatile String failure;
  /** Whether a read was refused and logged once (encrypted, unsupported method). */
  volatile boolean refusalLogged;
  /** The last chunk of this (deflated) entry a reader asked for: sequential reading shows here. */
  volatile long lastChunkRead = -2;
  /** Bytes served in order from the start, by reads each continuing where the last one ended. */
  private long servedTo;
  /** Whether a read did not continue where the last ended (a whole read through is seen no more). */
  private boolean jumped;
  /**
   * The last read past {@link #servedTo}, as {@code [aheadFrom, aheadTo)}: under FUSE's concurrent
   * reads it may be the next read of an in-order reader, handled before the one it follows.
   */
  private long aheadFrom = Long.MAX_VALUE;
  private long aheadTo;
  /** A symlink's target once read; empty if it is unusable. */
  volatile String linkTarget;
  /** What stored reads have covered, until the whole entry was checked; made on first read. */
  private CrcCoverage coverage;
  private boolean crcChecked;

  FileEntry(CdEntry entry, Nodes nodes, int node) {
    this.entry = entry;
    this.nodes = nodes;
    this.node = node;
  }

  /**
   * The entry can no longer be read, because {@code why}: this read and every later one fail.
   * Returns true the first time, for the caller to log it once.
   */
  synchronized boolean fail(String why) {
    if (failure != null) {
      return false;
    }
    failure = why;
    return true;
  }

  /** The coverage of this (stored) entry's reads, or null once its CRC was checked. */
  synchronized CrcCoverage coverage() {
    if (coverage == null && !crcChecked) {
      coverage = new CrcCoverage(entry.size());
    }
    return coverage;
  }

  /** The CRC was checked: the coverage is dropped. */
  synchronized void crcChecked() {
    crcChecked = true;
    coverage = null;
  }

  /**
   * Notes a read of {@code [offset, offset + length)}; true when reads in order from the start
   * have now covered the whole entry (and not before): the kernel holds every page of it then.
   */
  synchronized boolean readThrough(long offset, int length) {
    return continues(offset, length) && !jumped && servedTo == entry.size();
  }

  /**
   * Notes a read of {@code [offset, offset + length)} of a chunked entry; true if it starts at or
   * before where the reads served from the start ended, so every byte before it was served. A read
   * past that end is remembered: once the gap before it is served, so is it (two reads of an
   * in-order reader handled in the other order do not stop the count for the reads after them).
   */
  synchronized boolean continues(long offset, int length) {
    if (offset != servedTo) {
      jumped = true;
    }
    if (offset > servedTo) {
      aheadFrom = offset;
      aheadTo = offset + length;
      return false;
    }
    servedTo = Math.max(servedTo, offset + length);
    if (aheadFrom <= servedTo) {
      servedTo = Math.max(servedTo, aheadTo);
      aheadFrom = Long.MAX_VALUE;
    }
    return true;
  }

  @Override
  public String toString() {
    return Printable.of(nodes.path(node));
  }
}
