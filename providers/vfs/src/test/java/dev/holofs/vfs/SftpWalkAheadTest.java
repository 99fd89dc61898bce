package dev.holofs.vfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.spi.Collation;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.PlaceholderVersion;
import dev.holofs.spi.ProjectedPath;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The walk-ahead's hand-over between the read-ahead and a reader, with fetches held back. */
class SftpWalkAheadTest {

  private static final ProjectedPath DIR = ProjectedPath.of("d");
  private static final PlaceholderVersion VERSION = Attributes.version(8, Instant.ofEpochSecond(1));

  @Test
  void aFileTheReaderClaimedIsNotWaitedForByItsLaterReads() throws Exception {
    Map<String, PlaceholderInfo> entries = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      entries.put(String.format("f%02d", i),
          PlaceholderInfo.file(8).times(Instant.ofEpochSecond(1)).version(VERSION).build());
    }
    Listing listing = Listing.of(entries, Collation.BYTE_ORDER);
    CountDownLatch release = new CountDownLatch(1);
    WalkAhead.Source source = new WalkAhead.Source() {
      @Override
      public Listing listing(ProjectedPath dir) {
        return listing;
      }

      @Override
      public Listing cachedListing(ProjectedPath dir) {
        return dir.equals(DIR) ? listing : null;
      }

      @Override
      public SftpSource.Fetched fetch(ProjectedPath path, PlaceholderVersion version, long maxSize)
          throws Exception {
        release.await(); // every read-ahead thread held: the fetches queued behind stay unstarted
        return new SftpSource.Fetched(version, new byte[8]);
      }
    };
    try (WalkAhead walk = new WalkAhead(source, Duration.ofMinutes(1))) {
      assertThat(walk.read(DIR.resolve("f00"), VERSION, 0, 4)).isNull();
      assertThat(walk.read(DIR.resolve("f01"), VERSION, 0, 4)).isNull(); // a walk: f02.. queued
      ProjectedPath claimed = DIR.resolve("f12"); // queued behind the four held fetches
      assertThat(walk.read(claimed, VERSION, 0, 4)).isNull(); // claimed: the reader reads it
      // Its next read is the reader's own too, at once: before, it waited 30 s for the fetch.
      assertThat(walk.read(claimed, VERSION, 4, 4)).isNull();
      release.countDown();
    }
  }
}
