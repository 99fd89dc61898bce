package dev.holofs.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.spi.Collation;
import dev.holofs.spi.Command;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.PlaceholderVersion;
import dev.holofs.spi.ProjectedPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The page walk on keys S3 holds but S3Proxy (which stores objects as files) cannot: an object and
 * a prefix of the same name, {@code d//x}, {@code .}, {@code ..}, names past 255 bytes. Pages come
 * from a model of ListObjectsV2 with delimiter {@code /} (UTF-8 order, keys and common prefixes
 * counted against max-keys, continuation tokens), through every page and buffer size.
 */
class DirectoryListingTest {

  private static final List<String> KEYS = List.of("d/a", "d/a/inner", "d/a-b", "d/a.txt", "d/a b",
      "d/b!", "d/b/c", "d//x", "d/.", "d/..", "d/" + "n".repeat(256), "d/z", "d/z/",
      "d/marker/", "d/ok", "d/\u00e9", "d/");

  private static final OnceLog LOG = new OnceLog(); // shared: each odd key is logged once in all

  private static final List<String> EXPECTED = List.of("a", "a b", "a-b", "a.txt", "b", "b!",
      "marker", "ok", "z", "\u00e9");

  @Test
  void namesComeInOrderDirectoriesShadowObjectsAndInvalidKeysAreSkipped() {
    for (int pageSize = 1; pageSize <= 6; pageSize++) {
      for (int buffer : new int[] {1, 2, 3, 100}) {
        Map<String, PlaceholderInfo> got = walk(pageSize, buffer);
        assertThat(got.keySet()).as("pages of %d, buffers of %d", pageSize, buffer)
            .containsExactlyElementsOf(EXPECTED);
        assertThat(got.get("a").isDirectory()).isTrue();
        assertThat(got.get("z").isDirectory()).isTrue();
        assertThat(got.get("b").isDirectory()).isTrue();
        assertThat(got.get("ok").isFile()).isTrue();
      }
    }
  }

  private static Map<String, PlaceholderInfo> walk(int pageSize, int buffer) {
    Model model = new Model(KEYS);
    Placeholders placeholders = new Placeholders(null, new Keys(""));
    DirectoryListing listing = new DirectoryListing(model::list, ProjectedPath.of("d"), "d/",
        Collation.BYTE_ORDER, pageSize, placeholders, LOG);
    Map<String, PlaceholderInfo> all = new LinkedHashMap<>();
    String last = null;
    while (true) {
      List<String> batch = new ArrayList<>();
      listing.fill(new NoCommand(), last, false, (name, info) -> {
        if (batch.size() == buffer) {
          return false;
        }
        batch.add(name);
        assertThat(all.put(name, info)).as("%s twice", name).isNull();
        return true;
      }).join();
      if (batch.isEmpty()) {
        return all;
      }
      last = batch.get(batch.size() - 1);
    }
  }

  /** ListObjectsV2 with delimiter "/" over a fixed key set, as S3 documents it. */
  private record Model(TreeSet<String> keys) {
    Model(List<String> keys) {
      this(new TreeSet<>(dev.holofs.spi.FileNames::compareCodePoints));
      this.keys.addAll(keys);
    }

    CompletableFuture<ListObjectsV2Response> list(String prefix, String startAfter, String token,
        int maxKeys) {
      String after = token != null ? token : startAfter;
      List<S3Object> contents = new ArrayList<>();
      List<CommonPrefix> prefixes = new ArrayList<>();
      String last = null;
      boolean truncated = false;
      for (String key : after == null ? keys : keys.tailSet(after, false)) {
        if (!key.startsWith(prefix)) {
          continue;
        }
        int slash = key.indexOf('/', prefix.length());
        String item = slash < 0 ? key : key.substring(0, slash + 1);
        if (slash >= 0 && !prefixes.isEmpty()
            && prefixes.get(prefixes.size() - 1).prefix().equals(item)) {
          last = key; // rolled into the same common prefix
          continue;
        }
        if (contents.size() + prefixes.size() == maxKeys) {
          truncated = true;
          break;
        }
        if (slash < 0) {
          contents.add(S3Object.builder().key(key).size((long) key.length()).eTag("\"" + key.hashCode() + "\"").build());
        } else {
          prefixes.add(CommonPrefix.builder().prefix(item).build());
        }
        last = key;
      }
      return CompletableFuture.completedFuture(ListObjectsV2Response.builder().contents(contents)
          .commonPrefixes(prefixes).isTruncated(truncated)
          .nextContinuationToken(truncated ? last : null).build()); // after all the page covered
    }
  }

  /** A command that is never cancelled and answers synchronously. */
  private static final class NoCommand implements Command {
    @Override public long id() { return 1; }
    @Override public ProjectedPath path() { return ProjectedPath.ROOT; }
    @Override public int processId() { return 0; }
    @Override public PlaceholderVersion version() { return PlaceholderVersion.NONE; }
    @Override public boolean isCancelled() { return false; }
    @Override public void onCancel(Runnable action) {}
    @Override public <T> T defer(CompletionStage<? extends T> completion) { throw new UnsupportedOperationException(); }
    @Override public <T> T blocking(Callable<T> work) { throw new UnsupportedOperationException(); }
  }
}
