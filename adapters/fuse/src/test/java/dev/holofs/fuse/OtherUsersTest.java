package dev.holofs.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.Mount;
import dev.holofs.Projection;
import dev.holofs.spi.Command;
import dev.holofs.spi.DataSink;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.EnumerationRequest;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.spi.Provider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who gets into a mount: without allow_other only the mounting user (here root), whatever the
 * modes say; with it, other users as the projected modes allow (default_permissions). The other
 * user is {@code nobody}, in child processes started with runuser.
 */
class OtherUsersTest {

  private static final String TEXT = "for everyone\n";

  @TempDir
  Path temp;

  @Test
  void withoutAllowOtherAnotherUserIsRefusedEverything() throws Exception {
    FuseTests.requireRoot();
    try (Mount mount = mount(false)) {
      Path mnt = mount.mountpoint();
      assertThat(FuseTests.mountLine(mnt)).doesNotContain("allow_other")
          .doesNotContain("default_permissions");
      assertThat(FuseTests.output("cat", mnt.resolve("public.txt").toString())).isEqualTo(TEXT);
      assertThat(FuseTests.output("cat", mnt.resolve("private.txt").toString()))
          .as("the mounting user, modes unchecked").isEqualTo(TEXT);
      assertRefused(asNobody("stat", mnt.toString()));
      assertRefused(asNobody("ls", mnt.toString()));
      assertRefused(asNobody("stat", mnt.resolve("public.txt").toString()));
      assertRefused(asNobody("cat", mnt.resolve("public.txt").toString()));
    }
  }

  @Test
  void withAllowOtherAnotherUserSeesWhatTheModesAllow() throws Exception {
    FuseTests.requireRoot();
    try (Mount mount = mount(true)) {
      Path mnt = mount.mountpoint();
      assertThat(FuseTests.mountLine(mnt)).contains("allow_other").contains("default_permissions");
      FuseTests.Result ls = asNobody("ls", mnt.toString());
      assertThat(ls.exit()).as(ls.err()).isZero();
      assertThat(ls.out().lines()).containsExactly("private.txt", "public.txt", "secret");
      FuseTests.Result cat = asNobody("cat", mnt.resolve("public.txt").toString());
      assertThat(cat.exit()).as(cat.err()).isZero();
      assertThat(cat.out()).isEqualTo(TEXT);
      assertRefused(asNobody("cat", mnt.resolve("private.txt").toString()));
      assertRefused(asNobody("ls", mnt.resolve("secret").toString()));
      assertRefused(asNobody("cat", mnt.resolve("secret/inner.txt").toString()));
      assertThat(FuseTests.output("cat", mnt.resolve("secret/inner.txt").toString()))
          .as("the owner still reads it").isEqualTo(TEXT);
    }
  }

  private Mount mount(boolean allowOther) throws IOException {
    // nobody must be able to reach the mountpoint's directory
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path mnt = Files.createDirectory(temp.resolve("mnt"));
    return Projection.builder(new ModesProvider())
        .platformOptions(FuseOptions.builder().allowOther(allowOther).cacheTimeout(java.time.Duration.ZERO).build())
        .build().mount(mnt);
  }

  private static void assertRefused(FuseTests.Result r) {
    assertThat(r.exit()).as("refused: %s", r.out()).isNotZero();
    assertThat(r.err()).containsAnyOf("Permission denied", "Operation not permitted");
  }

  private static FuseTests.Result asNobody(String... command) throws Exception {
    assertThat(FuseTests.run("id", "nobody").exit()).as("user nobody exists").isZero();
    List<String> full = new ArrayList<>(List.of("runuser", "-u", "nobody", "--"));
    full.addAll(List.of(command));
    return FuseTests.run(full.toArray(new String[0]));
  }

  /** A readable file, a file only its owner reads, and a directory only its owner enters. */
  private static final class ModesProvider implements Provider {
    private static final byte[] BYTES = TEXT.getBytes(StandardCharsets.UTF_8);
    private final Map<String, PlaceholderInfo> items = new TreeMap<>(Map.of(
        "public.txt", PlaceholderInfo.file(BYTES.length).mode(0444).build(),
        "private.txt", PlaceholderInfo.file(BYTES.length).mode(0400).build(),
        "secret", PlaceholderInfo.directory().mode(0700).build(),
        "secret/inner.txt", PlaceholderInfo.file(BYTES.length).mode(0444).build()));

    @Override
    public void enumerate(EnumerationRequest request, EntrySink sink) {
      String prefix = request.directory().isRoot() ? "" : request.directory() + "/";
      items.forEach((path, info) -> {
        String name = path.substring(Math.min(prefix.length(), path.length()));
        boolean child = path.startsWith(prefix) && !name.isEmpty() && !name.contains("/");
        if (child && (request.resumeAfter() == null || name.compareTo(request.resumeAfter()) > 0)) {
          sink.add(name, info);
        }
      });
    }

    @Override
    public PlaceholderInfo getPlaceholder(Command command, ProjectedPath path) {
      return items.get(path.toString());
    }

    @Override
    public void getFileData(Command command, ProjectedPath path, long offset, int length,
        DataSink sink) throws IOException {
      if (!items.containsKey(path.toString())) {
        throw new NoSuchFileException(path.toString());
      }
      int from = (int) Math.min(offset, BYTES.length);
      sink.write(ByteBuffer.wrap(BYTES, from, Math.min(length, BYTES.length - from)));
    }
  }
}
