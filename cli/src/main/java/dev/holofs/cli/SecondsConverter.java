package dev.holofs.cli;

import java.math.BigDecimal;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a number of seconds, fractions allowed ({@code 0}, {@code 1}, {@code 0.5}). */
final class SecondsConverter implements ITypeConverter<Duration> {

  private static final BigDecimal MAX = BigDecimal.valueOf(1_000_000);

  @Override
  public Duration convert(String value) {
    BigDecimal seconds;
    try {
      seconds = new BigDecimal(value.strip());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a number of seconds");
    }
    if (seconds.signum() < 0 || seconds.compareTo(MAX) > 0) {
      throw new TypeConversionException("must be between 0 and 1000000 seconds, not " + value);
    }
    return Duration.ofNanos(seconds.movePointRight(9).longValue());
  }
}
