package dev.holofs.zip;

import java.util.Arrays;
import org.assertj.core.api.Assertions;

/** Byte array comparison that reports where arrays differ instead of printing them. */
final class Bytes {

  private Bytes() {}

  static void same(byte[] actual, byte[] expected) {
    int at = Arrays.mismatch(actual, expected);
    if (at >= 0) {
      Assertions.fail("got " + actual.length + " bytes, expected " + expected.length
          + "; they first differ at index " + at);
    }
  }
}
