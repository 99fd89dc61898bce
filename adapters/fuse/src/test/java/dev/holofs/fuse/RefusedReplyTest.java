package dev.holofs.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.holofs.Projection;
import dev.holofs.testkit.TreeProvider;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reply the kernel refuses (its request is gone: interrupted, or never sent) hands the kernel
 * no node, so the kernel will never forget one: the counts the reply made are taken back. The
 * requests here are answered on a real mount's connection under a unique the kernel never sent,
 * so the kernel refuses each reply with ENOENT, as it does for a request it no longer waits for.
 */
class RefusedReplyTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  /** A request id the kernel never hands out (its ids count up from 1, in steps of 2). */
  private static final long NEVER_SENT = 0x7fff_0000_0000_0000L;

  @TempDir
  Path temp;
  private Path mnt;
  private FuseMount mount;

  @BeforeEach
  void setUp() throws Exception {
    FuseTests.requireFuse();
    mnt = Files.createDirectory(temp.resolve("mnt"));
    TreeProvider tree = new TreeProvider().dir("d").file("d/b.txt", "b\n").file("first.txt", "1\n");
    mount = (FuseMount) Projection.builder(new ImmutableProvider(tree)).build().mount(mnt);
  }

  @AfterEach
  void tearDown() throws Exception {
    FuseTests.close(mount, mnt);
  }

  @Test
  void aRefusedLookupReplyLeavesNoCountBehind() throws Exception {
    int before = mount.liveNodes();
    refused(Protocol.LOOKUP, NEVER_SENT, name("first.txt"));
    // counted before the reply was written: still counted now, unless taken back
    await().atMost(WAIT).untilAsserted(() -> assertThat(mount.liveNodes()).isEqualTo(before));
    assertThat(Files.readString(mnt.resolve("first.txt"))).isEqualTo("1\n"); // served as before
  }

  @Test
  void aRefusedListingReplyLeavesNoCountBehind() throws Exception {
    int before = mount.liveNodes();
    // a file looked up just before: this listing hands nodes for files too (ListedNodes)
    refused(Protocol.LOOKUP, NEVER_SENT, name("first.txt"));
    ByteBuffer readdir = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    readdir.putLong(0).putLong(0).putInt(4096).flip(); // fh 0 (read without OPENDIR), offset, size
    refused(Protocol.READDIRPLUS, NEVER_SENT + 2, readdir);
    await().atMost(WAIT).untilAsserted(() -> assertThat(mount.liveNodes()).as("d and first.txt taken back")
        .isEqualTo(before));
    try (Stream<Path> names = Files.list(mnt)) {
      assertThat(names.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("d", "first.txt");
    }
    assertThat(Files.readString(mnt.resolve("d/b.txt"))).isEqualTo("b\n");
  }

  /** Hands the mount a request on the root under {@code unique}, and waits for its reply's refusal. */
  private void refused(int opcode, long unique, ByteBuffer body) {
    long refused = mount.refusedReplies();
    mount.handle(opcode, unique, Protocol.ROOT_ID, body);
    await().atMost(WAIT).until(() -> mount.refusedReplies() > refused);
  }

  private static ByteBuffer name(String name) {
    byte[] bytes = (name + "\0").getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }
}
