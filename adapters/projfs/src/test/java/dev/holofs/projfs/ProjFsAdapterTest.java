package dev.holofs.projfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.examples.memory.MemoryProvider;
import dev.holofs.spi.Collation;
import dev.holofs.spi.FileNames;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.PlaceholderVersion;
import dev.holofs.testkit.TreeProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The callbacks translated onto the engine, driven by the fake ProjFS with a synchronous provider. */
class ProjFsAdapterTest {

  @TempDir Path root;
  private FakeMount mounted;

  @AfterEach
  void noBreachOfTheContract() {
    if (mounted != null) {
      mounted.close();
      assertThat(mounted.fake.violations()).isEmpty();
      assertThat(mounted.fake.liveAlignedBuffers()).isZero();
      assertThat(mounted.mount.outstandingCommands()).isZero();
      assertThat(mounted.fake.stops()).isEqualTo(1);
    }
  }

  @Test
  void tenThousandEntriesThroughSmallBuffersWithRestartAndSearchExpression() throws Exception {
    MemoryProvider tree = new MemoryProvider();
    List<String> names = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(9);
    for (int i = 0; i < 10_000; i++) {
      String name = (random.nextBoolean() ? "File" : "file") + "-" + i + (i % 3 == 0 ? ".txt" : ".bin");
      names.add(name);
      tree.file("big/" + name, new byte[i % 7]);
    }
    mounted = FakeMount.start(tree, root, 2, 4);
    List<String> windowsOrder = names.stream().sorted(Collation.WINDOWS).toList();

    // Buffers of ~2 KiB hold about a dozen entries: ~800 GETs.
    FakeIo.Listing all = mounted.io.list("big", null, 2048, 0, null, false);
    assertThat(all.names()).containsExactlyElementsOf(windowsOrder);
    assertThat(all.gets()).isGreaterThan(500);
    assertThat(all.entries().get(0).size()).isEqualTo(names.indexOf(all.names().get(0)) % 7);

    // The expression of the first GET holds until a restart, whose expression then holds.
    FakeIo.Listing restarted = mounted.io.list("big", "*.TXT", 2048, 40, "file-1?.bin", false);
    assertThat(restarted.names()).containsExactlyElementsOf(windowsOrder.stream()
        .filter(n -> FileNames.matches(n, "file-1?.bin")).toList()).hasSize(7);
    FakeIo.Listing txt = mounted.io.list("big", "*.TXT", 2048, 0, null, false);
    assertThat(txt.names()).containsExactlyElementsOf(windowsOrder.stream()
        .filter(n -> n.endsWith(".txt")).toList());
    assertThat(mounted.mount.openEnumerations()).isZero();
  }

  @Test
  void singleEntryGetsAndABufferTooSmallForOneEntry() throws Exception {
    MemoryProvider tree = new MemoryProvider();
    IntStream.range(0, 20).forEach(i -> tree.file("d/" + "x".repeat(60) + i, new byte[1]));
    mounted = FakeMount.start(tree, root, 2, 4);
    FakeIo.Listing single = mounted.io.list("d", null, 1 << 16, 0, null, true);
    assertThat(single.names()).hasSize(20);
    assertThat(single.gets()).isEqualTo(21);
    // 64 bytes hold no entry: INSUFFICIENT_BUFFER, and the fake retries with a bigger buffer.
    FakeIo.Listing grown = mounted.io.list("d", null, 64, 0, null, false);
    assertThat(grown.names()).containsExactlyElementsOf(single.names());
  }

  @Test
  void placeholdersCarryTimesAttributesAndLinkTargets() throws Exception {
    Instant time = Instant.parse("2024-02-29T12:00:00.1234567Z");
    PlaceholderVersion version = PlaceholderVersion.of(new byte[] {'p', 'r', 'o', 'v'}, new byte[] {7});
    MemoryProvider tree = new MemoryProvider().times(time)
        .item("dir/v.txt", PlaceholderInfo.file(9).times(time).version(version).build(),
            (offset, dst) -> dst.put(new byte[dst.remaining()]))
        .symlink("dir/link", "../dir/v.txt");
    mounted = FakeMount.start(tree, root, 2, 4);

    assertThat(FakeIo.await(mounted.io.lookup("dir\\v.txt"))).isEqualTo(Prj.S_OK);
    FakeState.Placeholder p = mounted.fake.state.placeholders.get("dir\\v.txt");
    assertThat(p.size()).isEqualTo(9);
    assertThat(p.directory()).isFalse();
    assertThat(p.lastWriteTime()).isEqualTo(133_536_816_001_234_567L); // FILETIME of `time`
    assertThat(p.attributes()).isEqualTo(Prj.FILE_ATTRIBUTE_READONLY);
    assertThat(p.providerId()).startsWith('p', 'r', 'o', 'v', 0);
    assertThat(p.contentId()).startsWith(7, 0);

    assertThat(FakeIo.await(mounted.io.lookup("dir\\link"))).isEqualTo(Prj.S_OK);
    assertThat(mounted.fake.state.placeholders.get("dir\\link").symlinkTarget()).isEqualTo("..\\dir\\v.txt");
    assertThat(FakeIo.await(mounted.io.lookup("dir"))).isEqualTo(Prj.S_OK);
    assertThat(mounted.fake.state.placeholders.get("dir").attributes()).isEqualTo(Prj.FILE_ATTRIBUTE_DIRECTORY);
    FakeIo.Listing listing = mounted.io.list("dir", null, 4096, 0, null, false);
    assertThat(listing.entries()).extracting(FakeDirBuffer.Entry::symlinkTarget)
        .containsExactly("..\\dir\\v.txt", null);
  }

  @Test
  void theVersionWrittenWithThePlaceholderComesBackWithItsRead() throws Exception {
    TreeProvider tree = new TreeProvider(Collation.WINDOWS).file("v.txt", "versioned\n");
    mounted = FakeMount.start(tree, root, 2, 4);
    PlaceholderVersion version = tree.info("v.txt").version();
    assertThat(FakeIo.await(mounted.io.lookup("v.txt"))).isEqualTo(Prj.S_OK);
    FakeState.Placeholder p = mounted.fake.state.placeholders.get("v.txt");
    byte[] contentId = version.contentId();
    assertThat(Arrays.copyOf(p.contentId(), contentId.length)).isEqualTo(contentId);
    assertThat(Arrays.copyOfRange(p.contentId(), contentId.length, 128)).containsOnly(0);

    FakeIo.Read read = mounted.io.read("v.txt", 0, 4096, 10);
    assertThat(FakeIo.await(read.command())).isEqualTo(Prj.S_OK);
    assertThat(new String(read.stream().bytes, StandardCharsets.UTF_8)).isEqualTo("versioned\n");
    assertThat(tree.versionRead("v.txt")).isEqualTo(version);
  }

  @Test
  void callbacksOutliveGarbageCollections() throws Exception {
    mounted = FakeMount.start(new MemoryProvider().file("a", new byte[3]), root, 1, 2);
    for (int i = 0; i < 3; i++) {
      System.gc(); // JNA frees a callback's native stub with its Java object: the mount holds them
      assertThat(FakeIo.await(mounted.io.lookup("a"))).isEqualTo(Prj.S_OK);
    }
  }

  @Test
  void missingItemsAndErrorsBecomeHresults() throws Exception {
    MemoryProvider tree = new MemoryProvider().file("a.txt", new byte[3]);
    mounted = FakeMount.start(tree, root, 1, 2);
    assertThat(FakeIo.await(mounted.io.lookup("nope.txt"))).isEqualTo(Prj.HR_ERROR_FILE_NOT_FOUND);
    assertThat(FakeIo.await(mounted.io.query("nope.txt"))).isEqualTo(Prj.HR_ERROR_FILE_NOT_FOUND);
    assertThat(FakeIo.await(mounted.io.query("a.txt"))).isEqualTo(Prj.S_OK);
    // A listing of a file: the provider's NotDirectoryException, as ERROR_DIRECTORY, and back.
    assertThat(org.assertj.core.api.Assertions.catchThrowable(
        () -> mounted.io.list("a.txt", null, 4096, 0, null, false)))
        .isInstanceOf(NotDirectoryException.class);
    // A name the engine refuses (".."): E_INVALIDARG, and the instance keeps serving.
    assertThat(FakeIo.await(mounted.io.lookup("..\\x"))).isEqualTo(Prj.E_INVALIDARG);
    assertThat(FakeIo.await(mounted.io.lookup("a.txt"))).isEqualTo(Prj.S_OK);
  }

  @Test
  void writesAreRefusedAndThePoolSizesReachProjFs() throws Exception {
    mounted = FakeMount.start(new MemoryProvider().file("a", new byte[1]), root, 3, 7);
    assertThat(mounted.fake.concurrentThreadCount).isEqualTo(3);
    assertThat(mounted.fake.poolThreadCount).isEqualTo(7);
    assertThat(mounted.fake.notificationRoot).isEmpty();
    assertThat(mounted.io.notify("a", Prj.PRJ_NOTIFICATION_PRE_DELETE)).isEqualTo(Prj.E_ACCESSDENIED);
    assertThat(mounted.io.notify("a", Prj.PRJ_NOTIFICATION_PRE_RENAME)).isEqualTo(Prj.E_ACCESSDENIED);
    assertThat(mounted.io.notify("a", Prj.PRJ_NOTIFICATION_FILE_PRE_CONVERT_TO_FULL))
        .isEqualTo(Prj.E_ACCESSDENIED);
    assertThat(mounted.io.notify("a", Prj.PRJ_NOTIFICATION_FILE_OPENED)).isEqualTo(Prj.S_OK);
  }
}
