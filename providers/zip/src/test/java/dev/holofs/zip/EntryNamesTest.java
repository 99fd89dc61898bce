package dev.holofs.zip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.testkit.Driver;
import dev.holofs.testkit.Entry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks on an ASCII name's bytes may only be stricter than those on its String: a name they
 * refuse goes the String way, which decides, so one they take must be one the String way takes,
 * with the same tree.
 */
class EntryNamesTest {

  /** A chain of directories whose path is {@code bytes} long (with its trailing slash). */
  private static final String DEEP = deep(Nodes.MAX_PATH_BYTES - 20);

  /** HostileArchiveTest's names, and names at NAME_MAX and paths at PATH_MAX. */
  private static final List<String> NAMES = List.of("/etc/passwd", "../evil", "a/../../evil",
      "ok/../x", "nul\0byte", "d/nul\0byte", "C:/windows/evil", "C:\\evil", "\\\\server\\share",
      "..", "a/..", "./fine.txt", "dir//double", "good", "./C:/x", "C:/evil", "./\\srv/x",
      "\\srv/evil", "D:", "D:/evil", "1:\\x", "d/C:\\x", "d/\\x", "d/.", "d/..", "d/.x", "d/..x",
      "d/first", "d/" + "x".repeat(Nodes.MAX_NAME_BYTES), "d/" + "y".repeat(Nodes.MAX_NAME_BYTES + 1),
      "x".repeat(Nodes.MAX_NAME_BYTES), "y".repeat(Nodes.MAX_NAME_BYTES + 1), DEEP + "first",
      DEEP + "a".repeat(20 - 1), DEEP + "b".repeat(20), DEEP + "c".repeat(20 + 1));

  @TempDir Path tmp;

  private static String deep(int bytes) {
    StringBuilder s = new StringBuilder();
    while (s.length() < bytes) {
      int part = Math.min(200, bytes - s.length() - 1);
      s.append("p".repeat(part)).append('/');
    }
    assertThat(s).hasSize(bytes);
    return s.toString();
  }

  @Test
  void aLastNameTheByteChecksTakeTheStringChecksTakeToo() {
    int taken = 0;
    for (String name : NAMES) {
      byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
      int from = name.lastIndexOf('/') + 1;
      if (EntryNames.isSafeLastName(bytes, from, bytes.length)) {
        taken++;
        assertThat(EntryNames.isSafeLastName(name, from)).as(name).isTrue();
      }
    }
    assertThat(taken).as("names the byte checks take").isGreaterThan(5);
  }

  @Test
  void anArchiveGivesTheSameTreeThroughTheBytesAsThroughStrings() throws Exception {
    HandZip bytes = new HandZip();
    HandZip strings = new HandZip(); // a Unicode path field makes each name go the String way
    for (String name : NAMES) {
      byte[] raw = name.getBytes(StandardCharsets.US_ASCII);
      bytes.stored(name, raw);
      strings.stored(name, raw).centralExtra = HandZip.unicodePath(raw, name);
    }
    assertThat(tree(bytes.write(tmp.resolve("bytes.zip"))))
        .isEqualTo(tree(strings.write(tmp.resolve("strings.zip"))))
        .contains("d/" + "x".repeat(Nodes.MAX_NAME_BYTES), DEEP + "b".repeat(20))
        .doesNotContain("d/" + "y".repeat(Nodes.MAX_NAME_BYTES + 1), DEEP + "c".repeat(20 + 1));
  }

  /** Every path in the archive, directories with a trailing slash, files with their content. */
  private static List<String> tree(Path zip) throws Exception {
    List<String> all = new ArrayList<>();
    try (ZipProvider p = ZipProvider.open(zip); Driver d = Driver.of(p)) {
      walk(d, "", all);
    }
    return all;
  }

  private static void walk(Driver d, String dir, List<String> all) throws Exception {
    for (Entry e : d.list(dir)) {
      String path = dir.isEmpty() ? e.name() : dir + "/" + e.name();
      if (e.info().isDirectory()) {
        all.add(path + "/");
        walk(d, path, all);
      } else {
        all.add(path);
        all.add(new String(d.read(path, 0, 8192), StandardCharsets.UTF_8));
      }
    }
  }
}
