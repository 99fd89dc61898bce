package dev.holofs.examples.memory;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Produces a file's bytes on demand, so a large generated file costs no memory in a
 * {@link MemoryProvider}.
 */
@FunctionalInterface
public interface ContentSource {

  /**
   * Fills all {@code dst.remaining()} bytes of {@code dst} with the file's bytes starting at
   * {@code offset}. The caller never asks past the file's size.
   */
  void read(long offset, ByteBuffer dst) throws IOException;

  /** A source serving {@code content} (not copied: do not change it afterwards). */
  static ContentSource of(byte[] content) {
    return (offset, dst) -> dst.put(content, Math.toIntExact(offset), dst.remaining());
  }
}
