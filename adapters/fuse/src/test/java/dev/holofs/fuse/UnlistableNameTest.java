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
 * Names a listing cannot give the kernel are skipped, and the others listed and served: one with a
 * lone surrogate has no UTF-8 form (Java would list it with '?', a name that does not find the
 * item); one over 1,024 bytes would make the kernel refuse the whole reply.
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

  @Test
  void aNameLongerThanTheKernelTakesIsSkipped(@TempDir Path temp) throws Exception {
    FuseTests.requireFuse();
    // Over FUSE_NAME_MAX (1,024 bytes) the kernel refuses the whole reply: the others would go too.
    TreeProvider tree = new TreeProvider().dir("d").file("d/" + "n".repeat(1100), "long\n")
        .file("d/ok.txt", "ok\n");
    Path mnt = Files.createDirectory(temp.resolve("mnt"));
    Mount mount = Projection.builder(tree).build().mount(mnt);
    try {
      for (String ls : new String[] {"-1", "-1l"}) { // READDIR, then READDIRPLUS entries
        assertThat(FuseTests.output("ls", ls, mnt.resolve("d").toString()).lines())
            .anyMatch(line -> line.endsWith("ok.txt")).noneMatch(line -> line.contains("nnnn"));
      }
    } finally {
      FuseTests.close(mount, mnt);
    }
  }
}
