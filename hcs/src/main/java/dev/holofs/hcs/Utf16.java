package dev.holofs.hcs;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;

/** {@code PCWSTR}s: NUL-terminated UTF-16LE in native memory, the same on every host. */
final class Utf16 {

  private Utf16() {}

  /** A native copy of {@code text}, or null for null. */
  static Memory of(String text) {
    if (text == null) {
      return null;
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_16LE);
    Memory memory = new Memory(bytes.length + 2L);
    memory.write(0, bytes, 0, bytes.length);
    memory.setShort(bytes.length, (short) 0);
    return memory;
  }

  /** The string at {@code p}, or null for a null pointer. */
  static String read(Pointer p) {
    if (p == null) {
      return null;
    }
    int length = 0;
    while (p.getShort(length * 2L) != 0) {
      length++;
    }
    return new String(p.getByteArray(0, length * 2), StandardCharsets.UTF_16LE);
  }
}
