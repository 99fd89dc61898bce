package dev.holofs.fuse;

import static dev.holofs.fuse.FuseTests.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.holofs.Projection;
import dev.holofs.ProjectionStats.Callback;
import dev.holofs.spi.Command;
import dev.holofs.spi.DataSink;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.EnumerationRequest;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.spi.Provider;
import dev.holofs.testkit.TreeProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider that may change, with a cache timeout: its listings hand the kernel nodes for files
 * while files are being looked up, as an immutable one's do ({@link ListedFileNodesTest}), for the
 * mount's timeout only; each is forgotten once, and a change told through {@code
 * updateFileIfNeeded} is still seen.
 */
class MutableListedFileNodesTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int FILES = ListedFileNodesTest.FILES;

  @TempDir
  Path temp;
  private Path mnt;
  private FuseMount mount;
  private TreeProvider tree;
  private LaggingListing lagging;
  private final List<String> files = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    FuseTests.requireFuse();
    mnt = Files.createDirectory(temp.resolve("mnt"));
    tree = ListedFileNodesTest.tree(mnt, files);
    lagging = new LaggingListing(tree);
  }

  /** Mounts the tree with {@code timeout} as entry and attribute timeout. */
  private void mount(Duration timeout) throws Exception {
    mount = (FuseMount) Projection.builder(lagging)
        .platformOptions(FuseOptions.builder().cacheTimeout(timeout).build()).build().mount(mnt);
  }

  @AfterEach
  void tearDown() throws Exception {
    FuseTests.close(mount, mnt);
  }

  private long lookups() {
    return mount.stats().get(Callback.GET_PLACEHOLDER).count();
  }

  /**
   * Mounts with {@code timeout}, looks a file up and lists d; again on a fresh mount, up to three
   * times, until {@code listed} holds: an outside drop_caches (other work on the machine) may take
   * the kernel's entries between two steps. Returns whether it held.
   */
  private boolean mountAndList(Duration timeout, Check listed) throws Exception {
    for (int attempt = 0; attempt < 3; attempt++) {
      if (mount != null) {
        FuseTests.close(mount, mnt);
      }
      mount(timeout);
      assertThat(output("cat", mnt.resolve("first.txt").toString())).isEqualTo("1");
      assertThat(output("ls", "-f", mnt.resolve("d").toString()).lines()).hasSize(FILES + 3);
      if (listed.holds()) {
        return true;
      }
    }
    return false;
  }

  /** A condition checked after a listing. */
  private interface Check {
    boolean holds() throws Exception;
  }

  /** Reads every file of d; returns how many lookups that took. */
  private long lookupsToReadAll() throws Exception {
    long before = lookups();
    List<String> cat = new ArrayList<>(List.of("cat"));
    cat.addAll(files);
    assertThat(output(cat.toArray(String[]::new)).lines()).hasSize(FILES)
        .contains("content 0", "content " + (FILES - 1));
    return lookups() - before;
  }

  @Test
  void aListedFileNeedsNoLookup() throws Exception {
    // Without nodes from the listing, every file is looked up (a reclaimed dentry may come back
    // as a lookup: memory pressure beside the test).
    assertThat(mountAndList(Duration.ofHours(1), () -> lookupsToReadAll() < FILES / 4))
        .as("reading the listed files took fewer than %d lookups", FILES / 4).isTrue();
  }

  @Test
  void aWalkThatOnlyListsGetsNodesForDirectoriesAlone() throws Exception {
    mount(Duration.ofHours(1));
    assertThat(output("find", mnt.toString()).lines()).hasSize(FILES + 5);
    assertThat(mount.liveNodes()).as("the root, d and d/sub").isLessThanOrEqualTo(3);
  }

  @Test
  void aListedNodeLastsTheMountsTimeoutOnly() throws Exception {
    assertThat(mountAndList(Duration.ofSeconds(1), () -> mount.liveNodes() >= FILES + 2))
        .as("d's files got nodes").isTrue();
    // Past the entry timeout (a sleep lasts at least this long): each file is asked for again.
    Thread.sleep(2_200);
    assertThat(lookupsToReadAll()).as("lookups once the listed entries timed out").isGreaterThanOrEqualTo(FILES);
  }

  @Test
  void eachNodeAListingHandsOutIsForgottenOnce() throws Exception {
    assertThat(mountAndList(Duration.ofHours(1), () -> mount.liveNodes() >= FILES + 2))
        .as("d's files got nodes").isTrue();
    assertThat(mount.liveNodes()).as("the root, first.txt, d, d/sub and d's files")
        .isBetween(FILES + 2, FILES + 4);
    dropEntries();
    // A file not looked up before, so that the listing after it hands nodes again; d's listing
    // was dropped with its node, so it comes from the provider again.
    assertThat(output("cat", mnt.resolve("d/sub/leaf.txt").toString())).isEqualTo("2");
    assertThat(output("ls", "-f", mnt.resolve("d").toString()).lines()).hasSize(FILES + 3);
    await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
      dropEntries();
      return mount.liveNodes() == 1;
    });
    assertThat(output("cat", files.get(7))).as("looked up anew").isEqualTo("content 7\n");
  }

  /**
   * Has the kernel drop its entries for first.txt and d, and so for all under d, through the mount
   * (not a global drop_caches, which disturbs every other mount on a shared runner): it forgets
   * each node nothing holds.
   */
  private void dropEntries() throws IOException {
    for (String name : List.of("first.txt", "d")) {
      mount.updateFileIfNeeded(ProjectedPath.of(name), tree.info(name));
    }
  }

  @Test
  void aChangeThroughUpdateFileIfNeededIsSeenInAListedFile() throws Exception {
    assertThat(mountAndList(Duration.ofHours(1), () -> lookupsToReadAll() < FILES / 4))
        .as("the files came with the listing").isTrue();
    Path changed = Path.of(files.get(3));
    lagging.stale.put("file-03.txt", tree.info("d/file-03.txt")); // listings still say 10 bytes
    tree.file("d/file-03.txt", "content 3, second version\n");
    mount.updateFileIfNeeded(ProjectedPath.of("d/file-03.txt"), tree.info("d/file-03.txt"));
    await().atMost(WAIT).until(() -> Files.size(changed) == 26);
    assertThat(output("cat", changed.toString())).isEqualTo("content 3, second version\n");
    // Listed again (its listing was dropped with the change), the live node keeps its new size:
    // the listing's older information must not overwrite it.
    assertThat(output("ls", "-l", mnt.resolve("d").toString()).lines()
        .filter(line -> line.endsWith(" file-03.txt"))).singleElement().asString().contains(" 26 ");
    assertThat(Files.size(changed)).isEqualTo(26);
    assertThat(output("cat", files.get(2))).isEqualTo("content 2\n");
  }

  /** The tree, with listings that may give older information than LOOKUP for some names. */
  private static final class LaggingListing implements Provider {
    private final TreeProvider tree;
    /** What listings say of these names, whatever the tree holds. */
    final Map<String, PlaceholderInfo> stale = new ConcurrentHashMap<>();

    LaggingListing(TreeProvider tree) {
      this.tree = tree;
    }

    @Override
    public void enumerate(EnumerationRequest request, EntrySink sink) throws IOException {
      tree.enumerate(request, (name, info) -> sink.add(name, stale.getOrDefault(name, info)));
    }

    @Override
    public PlaceholderInfo getPlaceholder(Command command, ProjectedPath path) {
      return tree.getPlaceholder(command, path);
    }

    @Override
    public void getFileData(Command command, ProjectedPath path, long offset, int length,
        DataSink sink) throws IOException {
      tree.getFileData(command, path, offset, length, sink);
    }
  }
}
