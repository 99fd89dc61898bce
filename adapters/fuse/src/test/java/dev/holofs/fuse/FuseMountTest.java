package dev.holofs.fuse;

import static dev.holofs.fuse.FuseTests.output;
import static dev.holofs.fuse.FuseTests.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.holofs.Mount;
import dev.holofs.Projection;
import dev.holofs.ProjectionStats.Callback;
import dev.holofs.spi.Collation;
import dev.holofs.spi.Command;
import dev.holofs.testkit.TreeProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux-only checks of one real mount: what spawned tools (ls, stat, cat, sha256sum, find,
 * perl's readdir/seekdir) and signals (SIGKILL, EINTR) see, POSIX modes, /proc/mounts. What only
 * needs java.nio.file is in {@link FusePlatformConformanceTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FuseMountTest {

  private static final String HELLO = TreeProvider.SAMPLE_HELLO;
  private static final int MANY = TreeProvider.SAMPLE_MANY;

  private Path mnt;
  private Mount mount;
  private TreeProvider tree;
  private byte[] data;

  @BeforeAll
  void mount(@TempDir Path temp) throws IOException {
    FuseTests.requireFuse();
    data = TreeProvider.sampleData();
    tree = TreeProvider.sample(Collation.BYTE_ORDER);
    mnt = Files.createDirectory(temp.resolve("mnt"));
    mount = Projection.builder(tree).build().mount(mnt);
  }

  @AfterAll
  void unmount() throws Exception {
    try {
      if (mount != null) {
        mount.close();
        assertThat(FuseTests.mountLine(mnt)).isNull();
      }
    } finally {
      if (mnt != null) {
        FuseTests.forceUnmount(mnt);
      }
    }
  }

  @Test
  void listsTheRoot() throws Exception {
    List<String> expected = List.of("boom.bin", "churn", "data.bin", "dir", "dirlink", "hang.bin",
        "hello.txt", "link", "many");
    assertThat(output("ls", "-1", mnt.toString()).lines()).containsExactlyElementsOf(expected);
    assertThat(output("ls", "-1a", mnt.resolve("dir").toString()).lines())
        .containsExactly(".", "..", "nested.txt");
    assertThat(FuseTests.mountLine(mnt)).contains("fuse.holofs").contains(" ro,").startsWith("holofs ");
  }

  @Test
  void statsItems() throws Exception {
    PosixFileAttributes file = Files.readAttributes(mnt.resolve("data.bin"), PosixFileAttributes.class);
    assertThat(PosixFilePermissions.toString(file.permissions())).isEqualTo("r--r--r--");
    assertThat(output("stat", "-c", "%s %F %a", mnt.resolve("data.bin").toString()).strip())
        .isEqualTo(data.length + " regular file 444");
    assertThat(output("stat", "-c", "%F %a", mnt.resolve("dir").toString()).strip())
        .isEqualTo("directory 555");
    assertThat(output("stat", "-c", "%F", mnt.resolve("link").toString()).strip())
        .isEqualTo("symbolic link");
  }

  @Test
  void readsWholeFilesAndTails() throws Exception {
    assertThat(output("cat", mnt.resolve("hello.txt").toString())).isEqualTo(HELLO);
    assertThat(output("sha256sum", mnt.resolve("data.bin").toString())).startsWith(sha256(data) + " ");
    String tail = output("tail", "-c", "100", mnt.resolve("data.bin").toString());
    assertThat(tail.getBytes(StandardCharsets.ISO_8859_1).length).isGreaterThan(0);
    assertThat(output("sh", "-c", "tail -c 100 '" + mnt.resolve("data.bin") + "' | sha256sum"))
        .startsWith(sha256(Arrays.copyOfRange(data, data.length - 100, data.length)));
  }

  @Test
  void servesEightParallelProcesses() throws Exception {
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      processes.add(new ProcessBuilder("sha256sum", mnt.resolve("data.bin").toString()).start());
    }
    for (Process p : processes) {
      assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
          .startsWith(sha256(data));
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void listsTenThousandEntries() throws Exception {
    List<String> expected = IntStream.range(0, MANY).mapToObj(i -> String.format("f%05d", i))
        .collect(Collectors.toList());
    assertThat(output("ls", "-1", mnt.resolve("many").toString()).lines()).containsExactlyElementsOf(expected);
    assertThat(output("find", mnt.toString(), "-name", "churn", "-prune", "-o", "-type", "f", "-print")
        .lines().count()).isEqualTo(MANY + 5); // many/*, hello, data, nested, boom, hang
    assertThat(output("cat", mnt.resolve("many/f09999").toString())).isEqualTo("entry 9999\n");
    assertThat(output("ls", "-l", mnt.resolve("many").toString()).lines().count()).isEqualTo(MANY + 1);
  }

  @Test
  void rewindsAndSeeksWithinAnOpenDirectory() throws Exception {
    // perl-base is always there on Debian; its readdir functions are libc's.
    String script = "opendir(D, $ARGV[0]) or die; my @a = readdir(D); rewinddir(D); my @b = readdir(D);"
        + " rewinddir(D); readdir(D) for 1..5000; my $pos = telldir(D); my @r1 = readdir(D);"
        + " seekdir(D, $pos); my @r2 = readdir(D);"
        + " print scalar(@a), ' ', scalar(@b), ' ', scalar(@r1), ' ', (\"@r1\" eq \"@r2\" ? 'same' : 'differ'), \"\\n\";";
    assertThat(output("perl", "-e", script, mnt.resolve("many").toString()).strip())
        .isEqualTo((MANY + 2) + " " + (MANY + 2) + " " + (MANY + 2 - 5000) + " same");
  }

  @Test
  void followsSymlinks() throws Exception {
    assertThat(output("readlink", mnt.resolve("dirlink").toString()).strip()).isEqualTo("dir");
    assertThat(output("cat", mnt.resolve("link").toString())).isEqualTo(HELLO);
    assertThat(output("cat", mnt.resolve("dirlink/nested.txt").toString())).isEqualTo("nested\n");
  }

  @Test
  void missingNamesAreNotFound() throws Exception {
    FuseTests.Result r = run("stat", mnt.resolve("nope.txt").toString());
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("No such file or directory");
    assertThat(run("ls", mnt.resolve("hello.txt/x").toString()).err()).contains("Not a directory");
  }

  @Test
  void writesAreRefused() throws Exception {
    FuseTests.Result r = run("touch", mnt.resolve("new.txt").toString());
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("Read-only file system");
  }

  @Test
  void aThrowingProviderFailsOneReadWithEio() throws Exception {
    assertThatThrownBy(() -> Files.readAllBytes(mnt.resolve("boom.bin")))
        .isInstanceOf(IOException.class).hasMessageContaining("Input/output error"); // EIO
    FuseTests.Result r = run("cat", mnt.resolve("boom.bin").toString());
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("Input/output error");
    assertThat(output("cat", mnt.resolve("hello.txt").toString())).isEqualTo(HELLO);
    assertThat(mount.stats().get(Callback.GET_FILE_DATA).errors()).isPositive();
  }

  @Test
  void aSignalledReaderCancelsTheCommand() throws Exception {
    tree.resetHanging(); // other tests hang on the same file: only this read's command counts
    long cancellationsBefore = mount.stats().get(Callback.GET_FILE_DATA).cancellations();
    Process cat = new ProcessBuilder("cat", mnt.resolve("hang.bin").toString()).start();
    try {
      assertThat(tree.awaitHanging(Duration.ofSeconds(30))).isTrue();
      cat.destroyForcibly(); // SIGKILL: the kernel interrupts the request it waits on
      assertThat(cat.waitFor(30, TimeUnit.SECONDS)).as("the killed reader exits").isTrue();
    } finally {
      cat.destroyForcibly();
    }
    Command command = tree.hangingCommands().iterator().next();
    await().atMost(Duration.ofSeconds(30)).until(() -> tree.cancelled().contains(command.id()));
    assertThat(command.isCancelled()).isTrue();
    assertThat(mount.stats().get(Callback.GET_FILE_DATA).cancellations()).isGreaterThan(cancellationsBefore);
    assertThat(output("cat", mnt.resolve("hello.txt").toString())).isEqualTo(HELLO);
    assertThat(Files.readAllBytes(mnt.resolve("data.bin"))).isEqualTo(data);
  }

  @Test
  void aReaderThatHandlesTheSignalSeesEintr() throws Exception {
    tree.resetHanging();
    int before = tree.cancelled().size();
    // perl's handlers do not restart system calls: read(2) fails with the kernel's answer.
    String script = "$SIG{ALRM} = sub {}; open(F, '<', $ARGV[0]) or die; alarm 2;"
        + " my $n = sysread(F, my $buf, 4096); print defined($n) ? \"read $n\\n\" : \"error $!\\n\";";
    FuseTests.Result r = run("perl", "-e", script, mnt.resolve("hang.bin").toString());
    assertThat(r.out().strip()).isEqualTo("error Interrupted system call");
    await().atMost(Duration.ofSeconds(10)).until(() -> tree.cancelled().size() > before);
    assertThat(output("cat", mnt.resolve("hello.txt").toString())).isEqualTo(HELLO);
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
