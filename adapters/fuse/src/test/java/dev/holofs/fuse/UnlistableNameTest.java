package dev.holofs.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.Mount;
import dev.holofs.Projection;
import dev.holofs.testkit.TreeProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider's name with a lone surrogate has no UTF-8 form (Java would list it with '?', a name
 * that does not find the item): the listing skips it, and lists and serves the others.
 */
class UnlistableNameTest {

  @Test
  void aNameWithALoneSurrogateIsSkipped(@TempDir Path temp) throws Exception {
    FuseTests.requireFuse();
    TreeProvider tree = new TreeProvider().dir("d").file("d/a\uD800b.txt", "lone\n")
        .file("d/ok\uD83D\uDE00.txt", "pair\n");
    Path mnt = Files.createDirectory(temp.resolve("mnt"));
    Mount mount = Projection.builder(tree).build().mount(mnt);
    try {
      for (String ls : new String[] {"-1", "-1l"}) { // READDIR, then READDIRPLUS entries
        assertThat(FuseTests.output("ls", ls, mnt.resolve("d").toString()).lines())
            .noneMatch(line -> line.contains("a?b"));
      }
      try (Stream<Path> names = Files.list(mnt.resolve("d"))) {
        assertThat(names.map(p -> p.getFileName().toString())).containsExactly("ok\uD83D\uDE00.txt");
      }
      assertThat(Files.readString(mnt.resolve("d/ok\uD83D\uDE00.txt"))).isEqualTo("pair\n");
    } finally {
      FuseTests.close(mount, mnt);
    }
  }
}
