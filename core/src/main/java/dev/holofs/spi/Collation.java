package dev.holofs.spi;

import java.util.Comparator;

/** The order of names in a directory listing. */
public enum Collation implements Comparator<String> {

  /** Unsigned byte order of the UTF-8 names (code point order): the Linux default. */
  BYTE_ORDER {
    @Override
    public int compare(String a, String b) {
      return FileNames.compareCodePoints(a, b);
    }
  },

  /** Windows order, case-insensitive, as {@code PrjFileNameCompare}: the ProjFS order. */
  WINDOWS {
    @Override
    public int compare(String a, String b) {
      return FileNames.compare(a, b);
    }
  }
}
