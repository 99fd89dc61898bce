package dev.holofs.spi;

import java.util.Comparator;
import java.util.function.IntFunction;

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
  };

  /**
   * Where a listing resumes after {@code name}: the index of the first of {@code count} names,
   * sorted in this order and read through {@code nameAt}, that comes strictly after it ({@code
   * count} if none does). {@code name} need not be among them: it may have been deleted since.
   */
  public int indexAfter(int count, IntFunction<String> nameAt, String name) {
    int lo = 0;
    int hi = count;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (compare(nameAt.apply(mid), name) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
