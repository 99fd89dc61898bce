package dev.holofs.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PrintableTest {

  @Test
  void controlCharactersAreEscaped() {
    assertThat(Printable.of("a\nholofs: fake line\r\t\0\u001b[2J\u007f\u0085z"))
        .isEqualTo("a\\nholofs: fake line\\r\\t\\0\\x1b[2J\\x7f\\x85z");
  }

  @Test
  void reorderingAndLineSeparatorsAndHalfCharactersAreEscaped() {
    assertThat(Printable.of("x\u202Ey\u2028\uD800")).isEqualTo("x\\u202ey\\u2028\\ud800");
  }

  @Test
  void printableTextIsUnchangedAndEscapingTwiceChangesNothing() {
    String text = "photos/été 2024/日本 \uD83D\uDE00 a\\b.jpg";
    assertThat(Printable.of(text)).isEqualTo(text);
    String once = Printable.of("bad\nname\u001b");
    assertThat(Printable.of(once)).isEqualTo(once);
  }

  @Test
  void longTextIsCutAndSaysHowMuchMore() {
    String cut = Printable.of("x".repeat(65_535));
    assertThat(cut).startsWith("x".repeat(Printable.MAX_CHARS) + "...(")
        .endsWith("(" + (65_535 - Printable.MAX_CHARS) + " more characters)");
    assertThat(Printable.of("y".repeat(2000), 1000)).hasSize(1000 + "...(1000 more characters)".length());
  }

  @Test
  void invalidUtf8BytesAreShownAsHex() {
    byte[] bytes = {'o', 'k', (byte) 0xFF, (byte) 0xC3, '\n', (byte) 0xC3, (byte) 0xA9, 0x1b};
    assertThat(Printable.of(bytes, 0, bytes.length)).isEqualTo("ok\\xff\\xc3\\né\\x1b");
    byte[] emoji = "\uD83D\uDE00".getBytes(StandardCharsets.UTF_8);
    assertThat(Printable.of(emoji, 0, emoji.length)).isEqualTo("\uD83D\uDE00");
    byte[] many = new byte[100_000];
    assertThat(Printable.of(many, 0, many.length))
        .isEqualTo("\\0".repeat(Printable.MAX_CHARS) + "...(" + (100_000 - Printable.MAX_CHARS) + " more bytes)");
  }

  @Test
  void aUrisPasswordIsRemovedWholeEvenWithAnAtSignInIt() {
    assertThat(Printable.withoutPassword("vfs:sftp://u:secret@h/srv")).isEqualTo("vfs:sftp://u@h/srv");
    assertThat(Printable.withoutPassword("sftp://u:p@ss@h:22/a@b")).isEqualTo("sftp://u@h:22/a@b");
    assertThat(Printable.withoutPassword("see ftp://a:b@x and sftp://c:d@y/z"))
        .isEqualTo("see ftp://a@x and sftp://c@y/z");
    assertThat(Printable.withoutPassword("sftp://u@h:22/p:q@r")).isEqualTo("sftp://u@h:22/p:q@r");
    assertThat(Printable.withoutPassword("zip:/tmp/a:b@c.zip")).isEqualTo("zip:/tmp/a:b@c.zip");
  }
}
