package dev.holofs.fuse;

import static dev.holofs.fuse.FuseTests.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.holofs.Projection;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.testkit.CountingProvider;
import dev.holofs.testkit.TreeProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory of an immutable provider is read without OPENDIR, so nothing closes a listing the
 * kernel stops reading halfway: holofs ends it when the kernel forgets the directory, or when a
 * reader reaches its end, instead of keeping its entries and its session for the mount's life.
 */
class UnfinishedListingTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int NAMES = 3000;

  @TempDir
  Path temp;
  private Path mnt;
  private FuseMount mount;
  private final TreeProvider tree = new TreeProvider().dir("d");
  private final CountingProvider counting = new CountingProvider(tree);

  @BeforeEach
  void setUp() throws Exception {
    FuseTests.requireFuse();
    mnt = Files.createDirectory(temp.resolve("mnt"));
    for (int i = 0; i < NAMES; i++) {
      tree.file(String.format(Locale.ROOT, "d/name-%04d.txt", i), "x");
    }
    mount = (FuseMount) Projection.builder(new ImmutableProvider(counting)).build().mount(mnt);
    // One getdents (perl's readdir reads a 32 KiB batch), then the directory is closed: the
    // kernel never asks for the rest of the listing.
    assertThat(output("perl", "-e", "opendir(D, $ARGV[0]) or die; print scalar readdir(D)",
        mnt.resolve("d").toString())).isEqualTo(".");
    assertThat(mount.unfinishedListings()).isEqualTo(1);
    assertThat(counting.sessionsStarted()).isEqualTo(1);
    assertThat(counting.endCalls()).isZero();
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

  @Test
  void theKernelForgettingTheDirectoryEndsItsUnfinishedListing() throws Exception {
    FuseTests.requireRoot();
    // Dentries and inodes of unused files go, and the kernel sends FORGET for the directory. One
    // pass may only age a recently used dentry, so the caches are dropped again while waiting.
    await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
      Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "2");
      return mount.unfinishedListings() == 0;
    });
    await().atMost(WAIT).until(() -> counting.unbalancedSessions().isEmpty());
    assertThat(output("ls", "-f", mnt.resolve("d").toString()).lines()).hasSize(NAMES + 2);
  }

  @Test
  void aReaderThatGoesOnToTheEndFinishesTheListing() throws Exception {
    assertThat(output("ls", "-f", mnt.resolve("d").toString()).lines()).hasSize(NAMES + 2);
    await().atMost(WAIT).until(() -> mount.unfinishedListings() == 0); // ended after the last reply
    await().atMost(WAIT).until(() -> counting.unbalancedSessions().isEmpty());
  }

  @Test
  void anInvalidationKeepsTheListingForTheReaderThatContinuesIt() throws Exception {
    mount.updateFileIfNeeded(ProjectedPath.of("d/name-0042.txt"), tree.info("d/name-0042.txt"));
    assertThat(mount.unfinishedListings()).isEqualTo(1);
    assertThat(output("ls", "-f", mnt.resolve("d").toString()).lines()).hasSize(NAMES + 2);
    await().atMost(WAIT).until(() -> mount.unfinishedListings() == 0); // ended after the last reply
    await().atMost(WAIT).until(() -> counting.unbalancedSessions().isEmpty());
  }
}
