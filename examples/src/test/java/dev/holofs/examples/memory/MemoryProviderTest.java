package dev.holofs.examples.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holofs.spi.DataSink;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.testkit.Driver;
import dev.holofs.testkit.Entry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Building, changing and reading a MemoryProvider's tree. */
class MemoryProviderTest {

  @Test
  void buildsParentsImplicitlyAndAppliesTimes() throws Exception {
    Instant t = Instant.parse("2024-02-29T12:00:00Z");
    MemoryProvider p = new MemoryProvider().times(t).file("a/b/c.txt", "x".getBytes(StandardCharsets.UTF_8));
    assertThat(p.info("a").isDirectory()).isTrue();
    assertThat(p.info("/a/b").isDirectory()).isTrue();
    assertThat(p.info("a/b/c.txt").lastWriteTime()).isEqualTo(t);
    assertThat(p.info("a/b").creationTime()).isEqualTo(t);
    assertThat(p.info("missing")).isNull();
  }

  @Test
  void refusesFilesUnderFilesAndTypeChangesOfDirectories() {
    MemoryProvider p = new MemoryProvider().file("f", new byte[1]).directory("d");
    assertThatThrownBy(() -> p.file("f/x", new byte[1])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.file("d", new byte[1])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.file("", new byte[1])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.file("a/../b", new byte[1])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFrozenTreeRefusesChangesAndSaysItIsImmutable() {
    MemoryProvider p = new MemoryProvider().file("d/a", new byte[] {1});
    assertThat(p.isImmutable()).isFalse();
    p.freeze();
    assertThat(p.isImmutable()).isTrue();
    assertThatThrownBy(() -> p.file("d/b", new byte[1])).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> p.directory("e")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> p.remove("d/a")).isInstanceOf(IllegalStateException.class);
    assertThat(p.info("d/a").size()).isEqualTo(1);
  }

  @Test
  void changesAreSeenByTheNextRequest() throws Exception {
    MemoryProvider p = new MemoryProvider().file("d/a", new byte[] {1}).file("d/b", new byte[] {2});
    try (Driver driver = Driver.of(p)) {
      assertThat(driver.list("d")).extracting(Entry::name).containsExactly("a", "b");
      p.file("d/a", new byte[] {9, 9});
      p.symlink("d/c", "a");
      assertThat(p.remove("d/b")).isTrue();
      assertThat(p.remove("d/b")).isFalse();
      assertThat(p.remove("")).isFalse();
      assertThat(driver.list("d")).extracting(Entry::name).containsExactly("a", "c");
      assertThat(driver.readAll("d/a")).containsExactly(9, 9);
      assertThat(driver.stat("d/c").symlinkTarget()).isEqualTo("a");
      assertThat(p.remove("d")).isTrue();
      assertThat(driver.lookup("d/a")).isNull();
      assertThatThrownBy(() -> driver.list("d")).isInstanceOf(NoSuchFileException.class);
    }
  }

  @Test
  void errorsForWrongTypes() throws Exception {
    MemoryProvider p = new MemoryProvider().file("f", new byte[3]).directory("d").symlink("l", "f");
    try (Driver driver = Driver.of(p)) {
      assertThatThrownBy(() -> driver.list("f")).isInstanceOf(NotDirectoryException.class);
      assertThatThrownBy(() -> driver.read("d", 0, 10)).isInstanceOf(java.io.IOException.class);
      assertThatThrownBy(() -> driver.read("l", 0, 10)).isInstanceOf(java.io.IOException.class);
      assertThatThrownBy(() -> driver.read("nope", 0, 10)).isInstanceOf(NoSuchFileException.class);
    }
  }

  @Test
  void generatedContentIsAskedOnlyForTheRangeRead() throws Exception {
    AtomicLong asked = new AtomicLong();
    long size = 64L << 20;
    MemoryProvider p = new MemoryProvider().file("big", size, (offset, dst) -> {
      asked.addAndGet(dst.remaining());
      while (dst.hasRemaining()) {
        dst.put((byte) (offset++ % 251));
      }
    });
    try (Driver driver = Driver.of(p)) {
      byte[] got = driver.read("big", size - 10, 100);
      assertThat(got).hasSize(10);
      assertThat(got[0]).isEqualTo((byte) ((size - 10) % 251));
      assertThat(asked.get()).isEqualTo(10);
    }
  }

  /** Each chunk goes where the last one ended, not where it should have ended. */
  @Test
  void aSourceThatWritesLessThanAskedIsAskedAgainFromWhereItStopped() throws Exception {
    int size = 3 << 20; // more than one of the provider's chunks
    MemoryProvider p = new MemoryProvider().file("short", size, new ContentSource() {
      @Override
      public void read(long offset, ByteBuffer dst) {
        while (dst.hasRemaining()) {
          dst.put((byte) (offset++ % 251));
        }
      }

      @Override
      public void write(long offset, int length, DataSink sink) throws IOException {
        ByteBuffer some = ByteBuffer.allocate(Math.min(length, 100_000));
        read(offset, some);
        sink.write(some.flip());
      }
    });
    try (Driver driver = Driver.of(p)) {
      byte[] got = driver.read("short", 5, size - 5);
      assertThat(got).hasSize(size - 5);
      for (int i = 0; i < got.length; i++) {
        if (got[i] != (byte) ((5L + i) % 251)) {
          throw new AssertionError("byte " + (5L + i) + " is " + got[i]);
        }
      }
    }
  }

  @Test
  void aSourceThatWritesNothingFailsTheReadInsteadOfSpinning() throws Exception {
    MemoryProvider p = new MemoryProvider().file("empty", 10, new ContentSource() {
      @Override
      public void read(long offset, ByteBuffer dst) {}

      @Override
      public void write(long offset, int length, DataSink sink) {}
    });
    try (Driver driver = Driver.of(p)) {
      assertThatThrownBy(() -> driver.read("empty", 0, 10)).isInstanceOf(IOException.class);
    }
  }

  @Test
  void itemTakesAnyPlaceholderInfo() throws Exception {
    PlaceholderInfo info = PlaceholderInfo.file(2).mode(0640)
        .version(dev.holofs.spi.PlaceholderVersion.ofContent(new byte[] {7})).build();
    MemoryProvider p = new MemoryProvider().item("v", info, ContentSource.of(new byte[] {1, 2}));
    try (Driver driver = Driver.of(p)) {
      assertThat(driver.stat("v")).isEqualTo(info);
      assertThat(driver.readAll("v")).containsExactly(1, 2);
    }
  }
}
