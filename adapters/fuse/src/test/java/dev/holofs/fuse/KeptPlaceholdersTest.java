package dev.holofs.fuse;

import static dev.holofs.fuse.FuseTests.output;
import static dev.holofs.fuse.FuseTests.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.holofs.Mount;
import dev.holofs.Projection;
import dev.holofs.ProjectionStats;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Placeholders that stay: what the kernel keeps for a provider that never changes, and that a
 * provider that may change is asked again, with the default cache timeouts (none set).
 */
class KeptPlaceholdersTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Past the one-second default, so whatever is kept afterwards is kept for good. */
  private static final long PAST_DEFAULT_TIMEOUT_MILLIS = 2500;

  @TempDir
  Path temp;
  private Path mnt;
  private Mount mount;

  @BeforeEach
  void setUp() throws IOException {
    FuseTests.requireFuse();
    mnt = Files.createDirectory(temp.resolve("mnt"));
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      if (mount != null) {
        mount.close();
      }
    } finally {
      FuseTests.forceUnmount(mnt);
    }
  }

  private static TreeProvider tree() {
    return new TreeProvider().file("a.txt", "alpha\n").dir("d").file("d/b.txt", "beta\n")
        .file("d/c.txt", "gamma\n");
  }

  /** What a user does: stat, ls, ls -l, cat, and a stat of a name that is not there. */
  private void browse() throws Exception {
    assertThat(output("stat", "-c", "%s %F", mnt.resolve("a.txt").toString()).strip())
        .isEqualTo("6 regular file");
    assertThat(output("ls", mnt.toString()).lines()).containsExactly("a.txt", "d");
    assertThat(output("ls", "-l", mnt.resolve("d").toString()).lines()).hasSize(3);
    assertThat(output("cat", mnt.resolve("a.txt").toString(), mnt.resolve("d/b.txt").toString()))
        .isEqualTo("alpha\nbeta\n");
    assertThat(run("stat", mnt.resolve("missing.txt").toString()).err())
        .contains("No such file or directory");
  }

  /** Calls of the provider that ask for items: descriptions, listings, bytes. */
  private List<Long> itemCallbacks() {
    ProjectionStats stats = mount.stats();
    return List.of(stats.get(Callback.GET_PLACEHOLDER).count(), stats.get(Callback.ENUMERATE).count(),
        stats.get(Callback.GET_FILE_DATA).count());
  }

  @Test
  void anImmutableProviderIsNotAskedAgainAfterTheFirstLookup() throws Exception {
    mount = Projection.builder(new Immutable(tree())).build().mount(mnt);
    browse();
    List<Long> first = itemCallbacks();
    assertThat(first).allMatch(n -> n > 0);
    TimeUnit.MILLISECONDS.sleep(PAST_DEFAULT_TIMEOUT_MILLIS);
    for (int i = 0; i < 3; i++) {
      browse();
    }
    assertThat(itemCallbacks()).as("placeholder, enumerate, file data calls").isEqualTo(first);
  }

  @Test
  void aMutableProviderIsAskedAgainOnceTheTimeoutsRunOut() throws Exception {
    mount = Projection.builder(tree()).build().mount(mnt);
    browse();
    List<Long> first = itemCallbacks();
    TimeUnit.MILLISECONDS.sleep(PAST_DEFAULT_TIMEOUT_MILLIS);
    browse();
    List<Long> again = itemCallbacks();
    assertThat(again.get(0)).as("placeholder calls").isGreaterThan(first.get(0));
    assertThat(again.get(1)).as("enumerate calls").isGreaterThan(first.get(1));
  }

  @Test
  void aMutableProvidersChangeIsVisibleAfterUpdateFileIfNeeded() throws Exception {
    TreeProvider tree = tree();
    mount = Projection.builder(tree).build().mount(mnt);
    Path a = mnt.resolve("a.txt");
    assertThat(Files.readString(a)).isEqualTo("alpha\n");
    tree.file("a.txt", "alpha, second version\n");
    mount.updateFileIfNeeded(ProjectedPath.of("a.txt"), tree.info("a.txt"));
    await().atMost(WAIT).until(() -> Files.size(a) == 22);
    assertThat(output("cat", a.toString())).isEqualTo("alpha, second version\n");
  }

  @Test
  void whatAnImmutableProvidersMountKeepsIsStillDroppedWhenTold() throws Exception {
    TreeProvider tree = tree();
    mount = Projection.builder(new Immutable(tree)).build().mount(mnt);
    Path d = mnt.resolve("d");
    assertThat(output("ls", d.toString()).lines()).containsExactly("b.txt", "c.txt");
    assertThat(run("stat", d.resolve("new.txt").toString()).exit()).isNotZero(); // kept as missing
    long lookups = mount.stats().get(Callback.GET_PLACEHOLDER).count();
    assertThat(run("stat", d.resolve("new.txt").toString()).exit()).isNotZero();
    assertThat(mount.stats().get(Callback.GET_PLACEHOLDER).count()).as("a kept negative entry")
        .isEqualTo(lookups);

    tree.file("d/new.txt", "new\n");
    mount.updateFileIfNeeded(ProjectedPath.of("d/new.txt"), tree.info("d/new.txt"));
    await().atMost(WAIT).until(() -> Files.exists(d.resolve("new.txt")));
    assertThat(output("cat", d.resolve("new.txt").toString())).isEqualTo("new\n");
    assertThat(output("ls", d.toString()).lines()).containsExactly("b.txt", "c.txt", "new.txt");

    tree.remove("d/b.txt");
    mount.deleteFile(ProjectedPath.of("d/b.txt"));
    await().atMost(WAIT).until(() -> !Files.exists(d.resolve("b.txt")));
    assertThat(output("ls", d.toString()).lines()).containsExactly("c.txt", "new.txt");
  }

  @Test
  void aCacheTimeoutSetForTheMountOverridesTheProvider() throws Exception {
    TreeProvider tree = tree();
    mount = Projection.builder(new Immutable(tree))
        .platformOptions(FuseOptions.builder().cacheTimeout(Duration.ZERO).build()).build().mount(mnt);
    browse();
    List<Long> first = itemCallbacks();
    browse();
    List<Long> again = itemCallbacks();
    assertThat(again.get(0)).as("placeholder calls").isGreaterThan(first.get(0));
    assertThat(again.get(1)).as("enumerate calls").isGreaterThan(first.get(1));
  }

  /** A provider that promises its tree never changes. */
  private static final class Immutable implements Provider {
    private final Provider tree;

    Immutable(Provider tree) {
      this.tree = tree;
    }

    @Override
    public boolean isImmutable() {
      return true;
    }

    @Override
    public void enumerate(EnumerationRequest request, EntrySink sink) throws IOException {
      tree.enumerate(request, sink);
    }

    @Override
    public PlaceholderInfo getPlaceholder(Command command, ProjectedPath path) throws IOException {
      return tree.getPlaceholder(command, path);
    }

    @Override
    public void getFileData(Command command, ProjectedPath path, long offset, int length, DataSink sink)
        throws IOException {
      tree.getFileData(command, path, offset, length, sink);
    }
  }
}
