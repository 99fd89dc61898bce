package dev.holofs.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * {@code PrjFileNameMatch} follows {@code FsRtlIsNameInExpression}'s documented rules: {@code *}
 * zero or more characters; {@code ?} exactly one; DOS_STAR ({@code <}) zero or more characters
 * until the final period of the name; DOS_QM ({@code >}) any one character, or, at a period or the
 * end of the name, nothing (advancing past the contiguous DOS_QMs); DOS_DOT ({@code "}) a period,
 * or nothing beyond the end of the name. ProjFS matches ignoring case.
 */
class FileNamesTest {

  @ParameterizedTest(name = "\"{0}\" ~ \"{1}\" = {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      // * : zero or more characters
      "a.txt      | *          | true",
      "a.txt      | *.txt      | true",
      ".txt       | *.txt      | true",
      "a.txt2     | *.txt      | false",
      "ab         | a*b        | true",
      "axxxb      | a*b        | true",
      "axxxc      | a*b        | false",
      "abc        | abc*       | true",
      "a.b.c      | *.*        | true",
      "abc        | *.*        | false",
      // ? : exactly one character, a period included
      "abc        | a?c        | true",
      "a.c        | a?c        | true",
      "ac         | a?c        | false",
      "abbc       | a?c        | false",
      "a          | ?          | true",
      "ab         | ?          | false",
      // < (DOS_STAR): any run up to the final period
      "a.txt      | <.txt      | true",
      "a.b.txt    | <.txt      | true",
      "abc        | <          | true",
      "abc        | <.txt      | false",
      "abc        | <\"*       | true",
      "a.b        | <\"*       | true",
      "a.b.c      | <\"*       | true",
      "a.b.c      | <.c        | true",
      "a.b.c      | <.b        | false",
      // > (DOS_QM): one character, or nothing at a period or the end
      "ab         | ab>        | true",
      "abc        | ab>        | true",
      "abcd       | ab>        | false",
      "abcd       | ab>>       | true",
      "abcde      | ab>>       | false",
      "ab.txt     | ab>.txt    | true",
      "abc.txt    | ab>.txt    | true",
      "abcd.txt   | ab>.txt    | false",
      "a.txt      | >>>.txt    | true",
      "abc.txt    | >>>.txt    | true",
      "abcd.txt   | >>>.txt    | false",
      // \" (DOS_DOT): a period, or nothing beyond the end
      "a.b        | a\"b       | true",
      "axb        | a\"b       | false",
      "abc        | abc\"      | true",
      "abc.       | abc\"      | true",
      "abcd       | abc\"      | false",
      "abc        | abc\"*     | true",
      // case is ignored, in names and expressions, beyond ASCII too
      "README.md  | readme.MD  | true",
      "readme.md  | README.*   | true",
      "ÉTÉ.TXT    | été.txt    | true",
      "Straße     | STRASSE    | false",
      "abc        | abd        | false",
  })
  void matchesAsPrjFileNameMatch(String name, String expression, boolean expected) {
    assertThat(FileNames.matches(name, expression)).isEqualTo(expected);
  }

  @Test
  void noExpressionMatchesEverything() {
    assertThat(FileNames.matches("anything", null)).isTrue();
    assertThat(FileNames.matches("anything", "")).isTrue();
  }

  @Test
  void compareIsCaseInsensitiveWithPrefixesFirst() {
    assertThat(FileNames.compare("abc", "ABC")).isZero();
    assertThat(FileNames.compare("a", "B")).isNegative();
    assertThat(FileNames.compare("B", "a")).isPositive();
    assertThat(FileNames.compare("ab", "abc")).isNegative();
    assertThat(FileNames.compare("ABC", "ab")).isPositive();
    // Upcased 'A' (0x41) sorts before '_' (0x5F); in byte order '_' comes before 'a' (0x61).
    assertThat(FileNames.compare("a", "_")).isNegative();
    assertThat(Collation.BYTE_ORDER.compare("a", "_")).isPositive();
  }

  @Test
  void collationsSortDifferently() {
    List<String> names = new ArrayList<>(List.of("b", "_x", "A", "a1", "B2", "é", "Z"));
    names.sort(Collation.WINDOWS);
    assertThat(names).containsExactly("A", "a1", "b", "B2", "Z", "_x", "é");
    names.sort(Collation.BYTE_ORDER);
    assertThat(names).containsExactly("A", "B2", "Z", "_x", "a1", "b", "é");
  }

  @Test
  void aListingResumesAfterANameInEitherOrderEvenIfItIsGone() {
    List<String> windows = List.of("a", "B", "c");
    List<String> bytes = List.of("B", "a", "c");
    assertThat(Collation.WINDOWS.indexAfter(3, windows::get, "b")).isEqualTo(2); // B, case folded
    assertThat(Collation.BYTE_ORDER.indexAfter(3, bytes::get, "B")).isEqualTo(1);
    assertThat(Collation.BYTE_ORDER.indexAfter(3, bytes::get, "b")).isEqualTo(2); // gone: after a
    assertThat(Collation.BYTE_ORDER.indexAfter(3, bytes::get, "")).isZero();
    assertThat(Collation.BYTE_ORDER.indexAfter(3, bytes::get, "z")).isEqualTo(3);
    assertThat(Collation.WINDOWS.indexAfter(0, i -> "x", "a")).isZero();
  }

  @Test
  void byteOrderIsUtf8ByteOrderBeyondTheBasicPlane() {
    String supplementary = new String(Character.toChars(0x1F600)); // 4 UTF-8 bytes
    String bmpHigh = "\uFFFD"; // 3 UTF-8 bytes EF BF BD, before F0...
    // UTF-16 code units would put the surrogate pair (D83D) before U+FFFD; UTF-8 bytes do not.
    assertThat(Collation.BYTE_ORDER.compare(bmpHigh, supplementary)).isNegative();
  }

  @Test
  void validNames() {
    assertThat(FileNames.isValidName("a")).isTrue();
    assertThat(FileNames.isValidName("")).isFalse();
    assertThat(FileNames.isValidName(".")).isFalse();
    assertThat(FileNames.isValidName("..")).isFalse();
    assertThat(FileNames.isValidName("a/b")).isFalse();
    assertThat(FileNames.isValidName("a\0")).isFalse();
  }

  @Test
  void codePointOrderIsTheByteOrderOfUtf8() {
    // Units from every range that matters: ASCII, Latin-1, below and above the surrogates, and
    // supplementary code points (surrogate pairs), which UTF-16's own order gets wrong.
    String[] pieces = {"a", "b", "\u00e9", "\u0800", "\ud7ff", "\ue000", "\uffee", "\uffff",
        "\ud83d\ude00", "\ud800\udc00", "\udbff\udfff", ""};
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 20_000; i++) {
      String a = randomName(random, pieces);
      String b = randomName(random, pieces);
      int expected = Integer.signum(java.util.Arrays.compareUnsigned(
          a.getBytes(java.nio.charset.StandardCharsets.UTF_8), b.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      assertThat(FileNames.compareCodePoints(a, b)).as("%s vs %s", a, b).isEqualTo(expected);
    }
  }

  private static String randomName(java.util.Random random, String[] pieces) {
    StringBuilder b = new StringBuilder();
    for (int n = random.nextInt(4); n >= 0; n--) {
      b.append(pieces[random.nextInt(pieces.length)]);
    }
    return b.toString();
  }
}
