package dev.holofs.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a size in bytes: {@code 1048576}, {@code 512K}, {@code 64M}, {@code 2G} (binary units). */
final class SizeConverter implements ITypeConverter<Long> {

  @Override
  public Long convert(String value) {
    String v = value.strip().toUpperCase(Locale.ROOT);
    for (String suffix : new String[] {"IB", "B"}) {
      int before = v.length() - suffix.length() - 1;
      if (before >= 0 && v.endsWith(suffix) && "KMG".indexOf(v.charAt(before)) >= 0) {
        v = v.substring(0, v.length() - suffix.length());
        break;
      }
    }
    int shift = 0;
    if (!v.isEmpty()) {
      switch (v.charAt(v.length() - 1)) {
        case 'K' -> shift = 10;
        case 'M' -> shift = 20;
        case 'G' -> shift = 30;
        default -> { }
      }
    }
    String digits = shift == 0 ? v : v.substring(0, v.length() - 1);
    try {
      long n = Long.parseLong(digits);
      if (n <= 0 || n > (Long.MAX_VALUE >> shift)) {
        throw new TypeConversionException("'" + value + "' is not a positive size");
      }
      return n << shift;
    } catch (NumberFormatException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a size (bytes, or a number with K, M or G)");
    }
  }

  /** {@code bytes} for a message: in MiB (or KiB, or bytes) when it is a whole number of them. */
  static String show(long bytes) {
    if (bytes % (1 << 20) == 0) {
      return (bytes >> 20) + " MiB";
    }
    if (bytes >= 10 << 20) {
      return (bytes >> 20) + " MiB";
    }
    return bytes % 1024 == 0 ? (bytes >> 10) + " KiB" : bytes + " bytes";
  }
}
