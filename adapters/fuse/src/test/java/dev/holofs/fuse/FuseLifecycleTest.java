package dev.holofs.fuse;

import static dev.holofs.fuse.FuseTests.output;
import static dev.holofs.fuse.FuseTests.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.holofs.Mount;
import dev.holofs.Projection;
import dev.holofs.ProjectionStats;
import dev.holofs.ProjectionStats.Callback;
import dev.holofs.spi.Command;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.testkit.TreeProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mounting, unmounting, invalidating and what the kernel keeps (placeholders that stay), each on
 * a mount of its own.
 */
class FuseLifecycleTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Past the one-second default, so whatever is kept afterwards is kept for good. */
  private static final long PAST_DEFAULT_TIMEOUT_MILLIS = 2500;

  @TempDir
  Path temp;
  private Path mnt;
  private Mount mount;
  private Process holder;

  @BeforeEach
  void setUp() throws IOException {
    FuseTests.requireFuse();
    mnt = Files.createDirectory(temp.resolve("mnt"));
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      if (holder != null) {
        holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      if (mount != null) {
        mount.close();
      }
    } finally {
      FuseTests.forceUnmount(mnt);
    }
  }

  @Test
  void listingsAreCachedForTheEntryTimeoutOnly() throws Exception {
    TreeProvider tree = new TreeProvider().dir("d").file("d/a.txt", "a\n");
    // Long enough that the three listings below run within it even on a loaded machine.
    mount = projection(tree, FuseOptions.builder().cacheTimeout(Duration.ofSeconds(8))).mount(mnt);
    Path d = mnt.resolve("d");
    assertThat(output("ls", d.toString()).lines()).containsExactly("a.txt");
    int listings = tree.listingsFromStart();
    assertThat(output("ls", d.toString()).lines()).containsExactly("a.txt");
    assertThat(tree.listingsFromStart()).as("the second listing came from the kernel's cache")
        .isEqualTo(listings);

    tree.file("d/b.txt", "b\n"); // the store changed; the kernel was not told
    assertThat(output("ls", d.toString()).lines()).as("within the timeout").containsExactly("a.txt");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(output("ls", d.toString()).lines()).containsExactly("a.txt", "b.txt"));
  }

  @Test
  void withoutCachingEveryListingAsksTheProvider() throws Exception {
    TreeProvider tree = new TreeProvider().dir("d").file("d/a.txt", "a\n");
    mount = projection(tree, FuseOptions.builder().cacheTimeout(Duration.ZERO)).mount(mnt);
    Path d = mnt.resolve("d");
    assertThat(output("ls", d.toString()).lines()).containsExactly("a.txt");
    tree.file("d/b.txt", "b\n");
    assertThat(output("ls", d.toString()).lines()).containsExactly("a.txt", "b.txt");
  }

  @Test
  void aListingLeftHalfReadIsCompletedByTheNextOne() throws Exception {
    List<String> names = manyNames(3000);
    TreeProvider tree = new TreeProvider().dir("d");
    names.forEach(n -> tree.file("d/" + n, "x"));
    mount = projection(tree, FuseOptions.builder().cacheTimeout(Duration.ofHours(1))).mount(mnt);
    Path d = mnt.resolve("d");
    // One getdents (perl's readdir reads a 32 KiB batch): the kernel holds part of the listing.
    assertThat(output("perl", "-e", "opendir(D, $ARGV[0]) or die; print scalar readdir(D)",
        d.toString())).isEqualTo(".");
    List<String> listed = output("ls", "-f", d.toString()).lines().toList();
    assertThat(listed).doesNotHaveDuplicates().hasSize(names.size() + 2).containsAll(names);
    assertThat(output("ls", "-f", d.toString()).lines().toList()).isEqualTo(listed);
  }

  @Test
  void aPositionFromOneHandleWorksOnAnother() throws Exception {
    List<String> names = manyNames(3000);
    TreeProvider tree = new TreeProvider().dir("d");
    names.forEach(n -> tree.file("d/" + n, "x"));
    mount = projection(tree, FuseOptions.builder().cacheTimeout(Duration.ZERO)).mount(mnt);
    // telldir after 2,000 names on one handle, seekdir to it on a fresh one: both go on alike.
    String script = "opendir(A, $ARGV[0]) or die; readdir(A) for 1..2000; my $pos = telldir(A);"
        + " my @a = map { scalar readdir(A) } 1..3; opendir(B, $ARGV[0]) or die; seekdir(B, $pos);"
        + " my @b = map { scalar readdir(B) } 1..3; print \"@a\\n@b\\n\"";
    List<String> lines = output("perl", "-e", script, mnt.resolve("d").toString()).lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).isEqualTo(lines.get(0)).isEqualTo(String.join(" ", names.subList(1998, 2001)));
  }

  private static List<String> manyNames(int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(String.format("entry-with-a-long-name-%05d.txt", i));
    }
    return names;
  }

  @Test
  void aBusyMountpointRefusesToUnmountUntilFilesClose() throws Exception {
    mount = Projection.builder(new TreeProvider().file("a.txt", "a\n")).build().mount(mnt);
    holder = holdOpen(mnt.resolve("a.txt"));
    assertThatThrownBy(mount::close).isInstanceOf(IOException.class).hasMessageContaining("busy")
        .hasMessageContaining(mnt.toString());
    assertThat(FuseTests.mountLine(mnt)).isNotNull();
    assertThat(output("cat", mnt.resolve("a.txt").toString())).isEqualTo("a\n");

    holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    mount.close();
    assertThat(FuseTests.mountLine(mnt)).isNull();
    mount.close(); // idempotent
  }

  @Test
  void aLazyUnmountDetachesWithFilesOpenAndCancelsWhatIsInFlight() throws Exception {
    TreeProvider tree = new TreeProvider().file("a.txt", "a\n").hanging("hang.bin", 4096);
    mount = projection(tree, FuseOptions.builder().lazyUnmount(true)).mount(mnt);
    holder = holdOpen(mnt.resolve("a.txt"));
    Process cat = new ProcessBuilder("cat", mnt.resolve("hang.bin").toString()).start();
    try {
      assertThat(tree.awaitHanging(Duration.ofSeconds(30))).isTrue();
      mount.close();
      assertThat(FuseTests.mountLine(mnt)).isNull();
      assertThat(CompletableFuture.runAsync(this::awaitUnmount)).succeedsWithin(Duration.ofSeconds(20));
      assertThat(cat.waitFor(30, TimeUnit.SECONDS)).as("the blocked reader was answered").isTrue();
      assertThat(cat.exitValue()).isNotZero();
      Command command = tree.hangingCommands().iterator().next();
      await().atMost(Duration.ofSeconds(10)).until(() -> tree.cancelled().contains(command.id()));
      assertThat(holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      cat.destroyForcibly();
    }
  }

  private void awaitUnmount() {
    try {
      mount.awaitUnmount();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void mountsWithTheMountSyscallAsRoot() throws Exception {
    FuseTests.requireRoot(); // mount(2)
    mount = FuseMount.mount(projection(new TreeProvider().file("a.txt", "a\n"), FuseOptions.builder().fsName("direct")),
        mnt, Mounter.Method.SYSCALL);
    assertThat(FuseTests.mountLine(mnt)).startsWith("direct ").contains("fuse.holofs");
    assertThat(output("cat", mnt.resolve("a.txt").toString())).isEqualTo("a\n");
    assertThat(output("ls", mnt.toString()).lines()).containsExactly("a.txt");
    mount.close();
    assertThat(FuseTests.mountLine(mnt)).isNull();
  }

  @Test
  void otherUsersStayOutUnlessAllowOther() throws Exception {
    FuseTests.requireRoot(); // switching users
    Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    TreeProvider tree = new TreeProvider().file("a.txt", "a\n");
    mount = Projection.builder(tree).build().mount(mnt);
    FuseTests.Result denied = run("runuser", "-u", "nobody", "--", "cat", mnt.resolve("a.txt").toString());
    assertThat(denied.exit()).isNotZero();
    assertThat(denied.err()).contains("Permission denied");
    mount.close();

    mount = projection(tree, FuseOptions.builder().allowOther(true)).mount(mnt);
    assertThat(FuseTests.mountLine(mnt)).contains("allow_other");
    assertThat(output("runuser", "-u", "nobody", "--", "cat", mnt.resolve("a.txt").toString())).isEqualTo("a\n");
  }

  @Test
  void unmountingFromOutsideEndsTheMount() throws Exception {
    mount = Projection.builder(new TreeProvider().file("a.txt", "a\n")).build().mount(mnt);
    assertThat(output("cat", mnt.resolve("a.txt").toString())).isEqualTo("a\n");
    assertThat(run("fusermount3", "-u", mnt.toString()).exit()).isZero();
    assertThat(CompletableFuture.runAsync(this::awaitUnmount)).succeedsWithin(Duration.ofSeconds(20));
    assertThatThrownBy(() -> mount.updateFileIfNeeded(ProjectedPath.of("a.txt"), null))
        .isInstanceOf(IOException.class).hasMessageContaining("not mounted");
    mount.close();
  }

  // Placeholders that stay: what the kernel keeps for a provider that never changes, and that one
  // that may change is asked again, with the default cache timeouts (none set).

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

  /** Calls of the provider that ask for items: descriptions, listings, bytes, listing starts. */
  private List<Long> itemCallbacks() {
    ProjectionStats stats = mount.stats();
    return List.of(stats.get(Callback.GET_PLACEHOLDER).count(), stats.get(Callback.ENUMERATE).count(),
        stats.get(Callback.GET_FILE_DATA).count(), stats.get(Callback.START_ENUMERATION).count());
  }

  /**
   * A count that grows when the kernel may have forgotten names and listings it was given for good
   * (/proc/vmstat), and then asks again: told to drop its caches (drop_caches, by a benchmark
   * beside the test), or shrinking its dentry and inode caches under memory pressure
   * (slabs_scanned, which ordinary reclaim on a loaded machine grows too).
   */
  private static long cacheLosses() throws IOException {
    return Files.readAllLines(Path.of("/proc/vmstat")).stream()
        .filter(l -> l.startsWith("drop_pagecache ") || l.startsWith("drop_slab ")
            || l.startsWith("slabs_scanned "))
        .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(' ') + 1).strip())).sum();
  }

  /** Whether the item calls of {@code after} fail the test below against {@code first}. */
  private static boolean askedAgain(List<Long> first, List<Long> after) {
    return !after.get(0).equals(first.get(0)) || !after.get(1).equals(first.get(1))
        || !after.get(3).equals(first.get(3)) || after.get(2) - first.get(2) > 2;
  }

  @Test
  void anImmutableProviderIsNotAskedAgainAfterTheFirstLookup() throws Exception {
    mount = Projection.builder(new ImmutableProvider(tree())).build().mount(mnt);
    long losses = cacheLosses();
    browse();
    List<Long> first = itemCallbacks();
    assertThat(first).allMatch(n -> n > 0);
    List<Long> after;
    // Measured again (after browsing to fill the caches anew) if the provider was asked again
    // while the kernel lost cached entries meanwhile: its asking then says nothing of holofs.
    // (Reclaim is frequent on a busy machine, so a clean measurement ends the loop whatever it did.)
    for (int attempt = 1; ; attempt++) {
      TimeUnit.MILLISECONDS.sleep(PAST_DEFAULT_TIMEOUT_MILLIS);
      for (int i = 0; i < 3; i++) {
        browse();
      }
      after = itemCallbacks();
      long now = cacheLosses();
      if (!askedAgain(first, after) || now == losses || attempt == 10) {
        break;
      }
      losses = now;
      browse();
      first = itemCallbacks();
    }
    assertThat(List.of(after.get(0), after.get(1), after.get(3)))
        .as("placeholder, enumerate, start enumeration calls")
        .isEqualTo(List.of(first.get(0), first.get(1), first.get(3)));
    // Clean pages are the one thing the kernel may still reclaim under memory pressure (a build
    // beside the test, a cgroup's limit): a page or two read again is the kernel's choice. What
    // must not happen is what a mutable provider gets, both files read again at every open (6).
    assertThat(after.get(2) - first.get(2)).as("file data calls after 3 more rounds").isLessThanOrEqualTo(2);
  }

  @Test
  void anImmutableProvidersLargeListingIsReadWithoutOpeningTheDirectory() throws Exception {
    List<String> names = manyNames(3000);
    TreeProvider tree = new TreeProvider().dir("d");
    names.forEach(n -> tree.file("d/" + n, "x"));
    mount = Projection.builder(new ImmutableProvider(tree)).build().mount(mnt);
    Path d = mnt.resolve("d");
    // One getdents first (perl's readdir reads a 32 KiB batch): the kernel holds part of the listing.
    assertThat(output("perl", "-e", "opendir(D, $ARGV[0]) or die; print scalar readdir(D)",
        d.toString())).isEqualTo(".");
    List<String> listed = output("ls", "-f", d.toString()).lines().toList();
    assertThat(listed).doesNotHaveDuplicates().hasSize(names.size() + 2).containsAll(names);
    long starts = mount.stats().get(Callback.START_ENUMERATION).count();
    assertThat(starts).as("a session per reader, not per READDIR").isLessThanOrEqualTo(2);
    assertThat(output("ls", "-1", d.toString()).lines()).containsExactlyElementsOf(names);
    assertThat(mount.stats().get(Callback.START_ENUMERATION).count()).as("a kept listing")
        .isEqualTo(starts);
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
    mount = Projection.builder(new ImmutableProvider(tree)).build().mount(mnt);
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
    mount = Projection.builder(new ImmutableProvider(tree))
        .platformOptions(FuseOptions.builder().cacheTimeout(Duration.ZERO).build()).build().mount(mnt);
    browse();
    List<Long> first = itemCallbacks();
    browse();
    List<Long> again = itemCallbacks();
    assertThat(again.get(0)).as("placeholder calls").isGreaterThan(first.get(0));
    assertThat(again.get(1)).as("enumerate calls").isGreaterThan(first.get(1));
  }

  private static Projection projection(TreeProvider tree, FuseOptions.Builder options) {
    return Projection.builder(tree).platformOptions(options.build()).build();
  }

  /** A process that keeps {@code file} open until killed. */
  private static Process holdOpen(Path file) throws IOException {
    Process p = new ProcessBuilder("sh", "-c", "exec 3< \"$0\"; echo ready; exec sleep 120", file.toString())
        .redirectErrorStream(true).start();
    String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
    assertThat(line).isEqualTo("ready");
    return p;
  }
}
