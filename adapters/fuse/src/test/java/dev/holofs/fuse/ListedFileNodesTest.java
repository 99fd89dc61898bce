package dev.holofs.fuse;

import static dev.holofs.fuse.FuseTests.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.holofs.Projection;
import dev.holofs.ProjectionStats.Callback;
import dev.holofs.testkit.TreeProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where listings are kept for good, a listing hands the kernel nodes for files too while files
 * are being looked up, so a reader of what it lists needs no LOOKUP per file; a walk that only
 * lists gets nodes for directories alone, even after a file was read. Each node a listing hands
 * out is counted once and forgotten once.
 */
class ListedFileNodesTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  /**
   * Few enough that their listing fits one READDIRPLUS reply of a page: the kernel asks for the
   * rest of a listing with READDIRPLUS only once something in the directory was looked up.
   */
  static final int FILES = 20;

  @TempDir
  Path temp;
  private Path mnt;
  private FuseMount mount;
  private final List<String> files = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    FuseTests.requireFuse();
    mnt = Files.createDirectory(temp.resolve("mnt"));
    mount = (FuseMount) Projection.builder(new ImmutableProvider(tree(mnt, files))).build().mount(mnt);
  }

  /**
   * first.txt, d/sub/leaf.txt and {@link #FILES} files in d ("content I\n"), whose paths under
   * {@code mnt} are added to {@code files}.
   */
  static TreeProvider tree(Path mnt, List<String> files) {
    TreeProvider tree = new TreeProvider().dir("d").dir("d/sub").file("first.txt", "1")
        .file("d/sub/leaf.txt", "2");
    for (int i = 0; i < FILES; i++) {
      String name = String.format(Locale.ROOT, "d/file-%02d.txt", i);
      tree.file(name, "content " + i + "\n");
      files.add(mnt.resolve(name).toString());
    }
    return tree;
  }

  @AfterEach
  void tearDown() throws Exception {
    FuseTests.close(mount, mnt);
  }

  private long lookups() {
    return mount.stats().get(Callback.GET_PLACEHOLDER).count();
  }

  private long enumerations() {
    return mount.stats().get(Callback.ENUMERATE).count();
  }

  @Test
  void aWalkThatOnlyListsGetsNodesForDirectoriesAlone() throws Exception {
    assertThat(output("find", mnt.toString()).lines()).hasSize(FILES + 5);
    // At most: the kernel may have forgotten some meanwhile (caches dropped beside the test), but
    // a node for any file would make 4 or more, for all of them 25.
    assertThat(mount.liveNodes()).as("the root, d and d/sub").isLessThanOrEqualTo(3);
  }

  @Test
  void aWalkAfterAFileWasReadGetsNodesForDirectoriesAndThatFileAlone() throws Exception {
    assertThat(output("cat", mnt.resolve("first.txt").toString())).isEqualTo("1");
    // Past the window in which listings still hand file nodes (a sleep lasts at least this long).
    Thread.sleep(Duration.ofNanos(ListedNodes.FILES_IN_USE_NANOS).toMillis() + 200);
    assertThat(output("find", mnt.toString()).lines()).hasSize(FILES + 5);
    // The root's listing, the first reply after the lookup, may hand first.txt's node again; d's
    // and d/sub's must not hand their files' (25 if they did). At most: the kernel may have
    // forgotten some.
    assertThat(mount.liveNodes()).as("the root, d, d/sub and first.txt").isLessThanOrEqualTo(4);
  }

  @Test
  void onceAFileIsLookedUpTheFilesOfALaterListingNeedNoLookup() throws Exception {
    assertThat(output("cat", mnt.resolve("first.txt").toString())).isEqualTo("1");
    assertThat(output("ls", "-f", mnt.resolve("d").toString()).lines()).hasSize(FILES + 3);
    long before = lookups();
    List<String> cat = new ArrayList<>(List.of("cat"));
    cat.addAll(files);
    String all = output(cat.toArray(String[]::new));
    assertThat(all.lines()).hasSize(FILES).contains("content 0", "content " + (FILES - 1));
    // Without nodes from the listing every file is looked up. The kernel may still reclaim an
    // unused dentry meanwhile (memory pressure beside the test): it comes back as a lookup.
    assertThat(lookups() - before).as("lookups while reading the listed files").isLessThan(FILES / 4);
  }

  @Test
  void eachNodeAListingHandsOutIsForgottenOnce() throws Exception {
    FuseTests.requireRoot();
    assertThat(output("cat", mnt.resolve("first.txt").toString())).isEqualTo("1");
    assertThat(output("ls", "-f", mnt.resolve("d").toString()).lines()).hasSize(FILES + 3);
    // A range: an outside drop_caches or reclaim may already have taken first.txt's unused dentry
    // (or, just as the listing ends, one more); d's files' nodes are what must be there.
    assertThat(mount.liveNodes()).as("the root, first.txt, d, d/sub and d's files")
        .isBetween(FILES + 2, FILES + 4);
    // Listed again once the kept listing is dropped: each node is counted once more, and must be
    // forgotten that many times.
    Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "1");
    long listed = enumerations();
    // A file not looked up before (no dentry kept), so that the listing after it hands nodes.
    assertThat(output("cat", mnt.resolve("d/sub/leaf.txt").toString())).isEqualTo("2");
    assertThat(output("ls", "-f", mnt.resolve("d").toString()).lines()).hasSize(FILES + 3);
    assertThat(enumerations()).as("d listed again by the provider").isGreaterThan(listed);
    // Unused dentries and inodes go; one pass may only age a recently used one, so again.
    await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
      Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "2");
      return mount.liveNodes() == 1;
    });
    assertThat(output("cat", files.get(7))).as("looked up anew").isEqualTo("content 7\n");
  }
}
