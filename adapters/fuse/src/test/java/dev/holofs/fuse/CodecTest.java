package dev.holofs.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.spi.PlaceholderInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The layouts of include/uapi/linux/fuse.h. */
class CodecTest {

  private final Codec codec = new Codec(1000, 100, Duration.ofMillis(1500), Duration.ofSeconds(2));
  private final ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);

  @Test
  void anEntryIs128BytesWithTimeoutsAndAttributes() {
    PlaceholderInfo info = PlaceholderInfo.file(1000).times(Instant.ofEpochSecond(77, 5)).mode(0640).build();
    codec.entryOut(b, 9, info);
    assertThat(b.position()).isEqualTo(128);
    assertThat(b.getLong(0)).isEqualTo(9); // nodeid
    assertThat(b.getLong(16)).isEqualTo(1); // entry_valid seconds
    assertThat(b.getLong(24)).isEqualTo(2); // attr_valid seconds
    assertThat(b.getInt(32)).isEqualTo(500_000_000); // entry_valid_nsec
    int attr = 40;
    assertThat(b.getLong(attr)).isEqualTo(9); // ino
    assertThat(b.getLong(attr + 8)).isEqualTo(1000); // size
    assertThat(b.getLong(attr + 16)).isEqualTo(2); // 512-byte blocks
    assertThat(b.getLong(attr + 32)).isEqualTo(77); // mtime
    assertThat(b.getInt(attr + 52)).isEqualTo(5); // mtimensec
    assertThat(b.getInt(attr + 60)).isEqualTo(0100640); // mode
    assertThat(b.getInt(attr + 64)).isEqualTo(1); // nlink
    assertThat(b.getInt(attr + 68)).isEqualTo(1000); // uid
    assertThat(b.getInt(attr + 72)).isEqualTo(100); // gid
  }

  @Test
  void aNameIsUtf8UnlessItHasALoneSurrogate() {
    assertThat(Codec.isUtf8("plain ü \uD83D\uDE00")).isTrue();
    assertThat(Codec.isUtf8("a\uD800b")).isFalse();
    assertThat(Codec.isUtf8("a\uDC00")).isFalse();
    assertThat(Codec.isUtf8("a\uD800")).isFalse();
  }

  @Test
  void attrOutIs104Bytes() {
    codec.attrOut(b, 1, PlaceholderInfo.directory().build());
    assertThat(b.position()).isEqualTo(Protocol.ATTR_OUT_SIZE).isEqualTo(104);
    assertThat(b.getInt(16 + 60)).isEqualTo(040555);
    assertThat(b.getInt(16 + 64)).isEqualTo(2);
  }

  @Test
  void direntsArePaddedToEightBytes() {
    Codec.dirent(b, 5, 3, 8, "abc".getBytes());
    assertThat(b.position()).isEqualTo(32).isEqualTo(Codec.direntSize(3, false));
    assertThat(b.getLong(8)).isEqualTo(3); // off: the cookie of the next entry
    assertThat(b.getInt(16)).isEqualTo(3);
    assertThat(b.getInt(20)).isEqualTo(8); // DT_REG
    assertThat(Codec.direntSize(8, false)).isEqualTo(32);
    assertThat(Codec.direntSize(9, false)).isEqualTo(40);
    assertThat(Codec.direntSize(1, true)).isEqualTo(128 + 32);
  }

  @Test
  void aDirentsPaddingIsZeroWhateverTheBufferHeldAndTheNameIsIntact() {
    ByteBuffer dirty = ByteBuffer.allocate(64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    while (dirty.hasRemaining()) {
      dirty.put((byte) 0xff);
    }
    dirty.clear().position(8);
    Codec.dirent(dirty, 5, 3, 8, "abcdefghi".getBytes());
    assertThat(dirty.position()).isEqualTo(8 + 40);
    byte[] name = new byte[9];
    dirty.get(8 + 24, name);
    assertThat(new String(name)).isEqualTo("abcdefghi");
    for (int i = 8 + 24 + 9; i < 8 + 40; i++) {
      assertThat(dirty.get(i)).as("padding byte %d", i).isZero();
    }
    assertThat(dirty.get(8 + 40)).as("nothing written past the entry").isEqualTo((byte) 0xff);
    assertThat(dirty.getLong(8)).isEqualTo(5);
  }

  @Test
  void initOutIs64Bytes() {
    Codec.initOut(b, 38, 131072, Protocol.MAX_PAGES);
    assertThat(b.position()).isEqualTo(Protocol.INIT_OUT_SIZE);
    assertThat(b.getInt(20)).isEqualTo(1 << 20); // max_write
    assertThat(b.getShort(28)).isEqualTo((short) 256); // max_pages
  }

  @Test
  void notificationsCarryTheirCodeInTheErrorField() {
    int n = Codec.invalEntry(b, 1, "x.txt".getBytes());
    assertThat(n).isEqualTo(16 + 16 + 6);
    assertThat(b.getInt(0)).isEqualTo(n);
    assertThat(b.getInt(4)).isEqualTo(Protocol.NOTIFY_INVAL_ENTRY);
    assertThat(b.getLong(8)).isZero();
    assertThat(b.getInt(24)).isEqualTo(5);
    assertThat(Codec.invalInode(b, 4)).isEqualTo(40);
  }

  @Test
  void namesAreStrictUtf8() {
    ByteBuffer ok = ByteBuffer.wrap("h\u00e9llo\0rest".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(Codec.name(ok)).isEqualTo("h\u00e9llo");
    ByteBuffer bad = ByteBuffer.wrap(new byte[] {'a', (byte) 0xff, 0});
    assertThat(Codec.name(bad)).isNull();
  }

  @Test
  void namesRefuseWhatUtf8ForbidsAndKeepWhatItAllows() {
    assertThat(Codec.name(bytes(0xed, 0xa0, 0x80, 0))).as("a surrogate").isNull();
    assertThat(Codec.name(bytes('a', 0xc0, 0xaf, 0))).as("an overlong '/'").isNull();
    assertThat(Codec.name(bytes('a', 0xe2, 0x82, 0))).as("cut short").isNull();
    assertThat(Codec.name(bytes(0xef, 0xbf, 0xbd, 0))).as("U+FFFD itself").isEqualTo("\ufffd");
    assertThat(Codec.name(bytes(0xf0, 0x9f, 0x98, 0x80, 0))).isEqualTo("\ud83d\ude00");
  }

  @Test
  void aNameEndsAtItsNulOrAtTheEndOfTheRequest() {
    ByteBuffer two = ByteBuffer.wrap("plain.txt\0next".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(Codec.name(two)).isEqualTo("plain.txt");
    assertThat(two.position()).as("past the NUL").isEqualTo(10);
    assertThat(Codec.name(two)).as("no NUL: up to the end").isEqualTo("next");
    assertThat(two.hasRemaining()).isFalse();
  }

  private static ByteBuffer bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) values[i];
    }
    return ByteBuffer.wrap(b);
  }
}
