package dev.holofs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Archives whose central directory is refused only once it is read (after the end record). */
final class DamagedArchives {

  private DamagedArchives() {}

  /** Damages the signature of {@code zip}'s last central directory record. */
  static void damageLastRecord(Path zip) throws IOException {
    byte[] bytes = Files.readAllBytes(zip);
    bytes[lastIndexOf(bytes, new byte[] {'P', 'K', 1, 2}) + 2] = (byte) 0x9b;
    Files.write(zip, bytes);
  }

  private static int lastIndexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = hay.length - needle.length; i >= 0; i--) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalArgumentException("no central directory record");
  }
}
