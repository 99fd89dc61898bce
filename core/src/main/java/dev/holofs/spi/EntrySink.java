package dev.holofs.spi;

/** Receives directory entries: ProjFS's {@code PrjFillDirEntryBuffer}, a FUSE readdir reply. */
public interface EntrySink {

  /**
   * Offers one entry. Names are single path components and must come in the request's collation
   * order, each after the previous. An invalid, duplicate or out-of-order name is dropped (and
   * logged), never delivered; so is a name the search expression does not match.
   *
   * @return {@code false} if the buffer is full and the entry was <em>not</em> accepted: stop
   *     enumerating; the next request resumes after the last accepted name
   * @throws IllegalStateException if the command has already ended
   */
  boolean add(String name, PlaceholderInfo info);
}
