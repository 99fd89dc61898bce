package dev.holofs.zip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MS-DOS times are local times: read in the JVM's default zone, as java.time reads them. */
class DosTimeTest {

  @TempDir
  Path tmp;

  private static int dosDate(LocalDateTime t) {
    return (t.getYear() - 1980) << 9 | t.getMonthValue() << 5 | t.getDayOfMonth();
  }

  private static int dosTime(LocalDateTime t) {
    return t.getHour() << 11 | t.getMinute() << 5 | t.getSecond() / 2;
  }

  @Test
  void localTimesAreReadInTheDefaultZoneAsJavaTimeReadsThem() throws Exception {
    Path file = Files.writeString(tmp.resolve("any"), "x");
    TimeZone saved = TimeZone.getDefault();
    try (FileChannel channel = FileChannel.open(file)) {
      for (String id : new String[] {"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata",
          "Australia/Lord_Howe"}) {
        TimeZone.setDefault(TimeZone.getTimeZone(id));
        CentralDirectoryReader reader = new CentralDirectoryReader(channel, StandardCharsets.UTF_8);
        ZoneId zone = ZoneId.of(id);
        // Every 7 hours and 22 minutes over two years: winter, summer and the days between.
        for (LocalDateTime t = LocalDateTime.of(2023, 1, 1, 0, 0, 4); t.getYear() < 2025;
            t = t.plusMinutes(7 * 60 + 22)) {
          boolean nearChange = !zone.getRules().getOffset(t.minusHours(2).atZone(zone).toInstant())
              .equals(zone.getRules().getOffset(t.plusHours(2).atZone(zone).toInstant()));
          if (!nearChange) {
            assertThat(reader.dosSeconds(dosDate(t), dosTime(t))).as(id + " " + t)
                .isEqualTo(t.atZone(zone).toEpochSecond());
          }
        }
      }
    } finally {
      TimeZone.setDefault(saved);
    }
  }

  @Test
  void zonesWhoseStandardOffsetChangedAreReadAsJavaTimeReadsThem() throws Exception {
    Path file = Files.writeString(tmp.resolve("any"), "x");
    TimeZone saved = TimeZone.getDefault();
    try (FileChannel channel = FileChannel.open(file)) {
      // Apia went from UTC-11 (-10 in summer) to +13 (+14) at the end of 2011: an offset guessed
      // from today's standard one is a day off there, on the wrong side of a summer-time change for
      // a day after it. Moscow went from +3 (+4 in summer) to +4 in 2011 and to +3 in 2014.
      String[][] zones = {{"Pacific/Apia", "2010"}, {"Europe/Moscow", "2011"},
          {"Europe/Moscow", "2014"}};
      for (String[] z : zones) {
        TimeZone.setDefault(TimeZone.getTimeZone(z[0]));
        CentralDirectoryReader reader = new CentralDirectoryReader(channel, StandardCharsets.UTF_8);
        ZoneRules rules = ZoneId.of(z[0]).getRules();
        int year = Integer.parseInt(z[1]);
        for (LocalDateTime t = LocalDateTime.of(year, 1, 1, 0, 0, 4); t.getYear() < year + 2;
            t = t.plusMinutes(3 * 60 + 22)) {
          if (rules.getValidOffsets(t).size() == 1) { // neither in a gap nor in an overlap
            assertThat(reader.dosSeconds(dosDate(t), dosTime(t))).as(z[0] + " " + t)
                .isEqualTo(t.toEpochSecond(rules.getOffset(t)));
          }
        }
      }
    } finally {
      TimeZone.setDefault(saved);
    }
  }

  @Test
  void anImpossibleDateOrTimeIsTheEpoch() throws Exception {
    Path file = Files.writeString(tmp.resolve("any"), "x");
    try (FileChannel channel = FileChannel.open(file)) {
      CentralDirectoryReader reader = new CentralDirectoryReader(channel, StandardCharsets.UTF_8);
      int february30 = (2024 - 1980) << 9 | 2 << 5 | 30;
      assertThat(reader.dosSeconds(february30, 0)).isZero();
      int month13 = (2024 - 1980) << 9 | 13 << 5 | 1;
      assertThat(reader.dosSeconds(month13, 0)).isZero();
      int hour25 = 25 << 11;
      assertThat(reader.dosSeconds((2024 - 1980) << 9 | 1 << 5 | 1, hour25)).isZero();
      assertThat(reader.dosSeconds((2024 - 1980) << 9 | 2 << 5 | 29, 12 << 11)).as("a leap day")
          .isEqualTo(LocalDateTime.of(2024, 2, 29, 12, 0).atZone(ZoneId.systemDefault()).toEpochSecond());
    }
  }
}
