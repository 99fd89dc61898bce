package dev.holofs.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.PlaceholderVersion;
import dev.holofs.spi.ProjectedPath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NodeTableTest {

  private static final long ROOT = Protocol.ROOT_ID;
  private final NodeTable table = new NodeTable(PlaceholderInfo.directory().mode(0700).build());
  private final ProjectedPath a = ProjectedPath.of("a");
  private final PlaceholderInfo file = PlaceholderInfo.file(3).build();
  private final PlaceholderInfo dir = PlaceholderInfo.directory().build();

  @Test
  void theRootIsNodeOneKeepsItsInfoWholeAndIsNeverForgotten() {
    table.forget(ROOT, 100);
    assertThat(table.isLive(ROOT)).isTrue();
    assertThat(table.info(ROOT).mode()).isEqualTo(0700);
    assertThat(table.path(ROOT)).isEqualTo(ProjectedPath.ROOT);
    assertThat(table.parent(ROOT)).isEqualTo(ROOT);
    assertThat(table.find(ProjectedPath.ROOT)).isEqualTo(ROOT);
  }

  @Test
  void aNodeLivesUntilEveryLookupIsForgottenAndKeepsItsLatestVersion() {
    PlaceholderVersion v2 = PlaceholderVersion.of(bytes("p"), bytes("2"));
    long first = table.lookup(ROOT, b("a"), file);
    long second = table.lookup(ROOT, b("a"), PlaceholderInfo.file(4).version(v2).build());
    assertThat(second).isEqualTo(first);
    assertThat(table.info(first).version()).isEqualTo(v2);
    assertThat(table.info(first).isDirectory()).isFalse();
    table.forget(first, 1);
    assertThat(table.isLive(first)).isTrue();
    table.forget(first, 1);
    assertThat(table.isLive(first)).isFalse();
    assertThat(table.info(first)).isNull();
    assertThat(table.path(first)).isNull();
    assertThat(table.find(a)).isEqualTo(NodeTable.NONE);
    assertThat(table.size()).isEqualTo(1);
  }

  @Test
  void aReusedSlotGetsAnIdTheOldOneIsNeverTakenFor() {
    long old = table.lookup(ROOT, b("a"), file);
    table.forget(old, 1);
    long reused = table.lookup(ROOT, b("b"), file);
    assertThat((int) reused).as("the slot").isEqualTo((int) old);
    assertThat(reused).isNotEqualTo(old);
    assertThat(table.isLive(old)).isFalse();
    table.forget(old, 1); // a stale FORGET
    assertThat(table.isLive(reused)).isTrue();
    assertThat(table.path(reused)).isEqualTo(ProjectedPath.of("b"));
  }

  @Test
  void aForgottenDirectoryWithALiveChildKeepsItsSlotUntilTheChildIsForgotten() {
    long d = table.lookup(ROOT, b("d"), dir);
    long f = table.lookup(d, b("f"), file);
    table.forget(d, 1); // the kernel may: f's inode pinned without its dentry
    assertThat(table.isLive(d)).isFalse();
    assertThat(table.find(ProjectedPath.of("d"))).isEqualTo(NodeTable.NONE);
    assertThat(table.parent(f)).as("a dead id").isEqualTo(NodeTable.NONE);
    long e = table.lookup(ROOT, b("e"), dir);
    assertThat((int) e).as("d's slot, pinned by f").isNotEqualTo((int) d);
    long again = table.lookup(ROOT, b("d"), dir);
    assertThat(again).isNotEqualTo(d);
    assertThat(table.lookup(e, b("f"), file)).isNotEqualTo(f);
    assertThat(table.lookup(again, b("f"), file)).isNotEqualTo(f);
    assertThat(table.path(f)).isEqualTo(ProjectedPath.of("d/f"));
    assertThat(table.size()).isEqualTo(6); // the root, f, e, the new d and its f, e's f

    table.forget(f, 1); // frees f, then d's slot with it
    long reused = table.lookup(e, b("g"), dir);
    long child = table.lookup(reused, b("h"), file);
    assertThat(List.of((int) reused, (int) child)).containsExactlyInAnyOrder((int) d, (int) f);
    assertThat(table.path(child)).isEqualTo(ProjectedPath.of("e/g/h"));
    assertThat(table.find(ProjectedPath.of("d/f"))).isNotEqualTo(f).isNotEqualTo(NodeTable.NONE);
  }

  @Test
  void aChainOfForgottenDirectoriesIsFreedWithItsLastChild() {
    long x = table.lookup(ROOT, b("x"), dir);
    long y = table.lookup(x, b("y"), dir);
    long z = table.lookup(y, b("z"), file);
    table.forget(x, 1);
    table.forget(y, 1);
    assertThat(table.path(z)).isEqualTo(ProjectedPath.of("x/y/z"));
    table.forget(z, 1);
    assertThat(table.size()).isEqualTo(1);
    List<Integer> slots = new ArrayList<>();
    for (String n : List.of("p", "q", "r", "s")) {
      slots.add((int) table.lookup(ROOT, b(n), file));
    }
    assertThat(slots).as("the three slots freed, then a new one")
        .containsExactlyInAnyOrder((int) x, (int) y, (int) z, (int) z + 1);
  }

  @Test
  void aDetachedNodeKeepsItsIdButTheNameGetsANewOne() {
    long old = table.lookup(ROOT, b("a"), file);
    assertThat(table.detach(a)).isEqualTo(old);
    assertThat(table.isLive(old)).isTrue();
    assertThat(table.path(old)).isEqualTo(a);
    long fresh = table.lookup(ROOT, b("a"), file);
    assertThat(fresh).isNotEqualTo(old);
    table.forget(old, 1);
    assertThat(table.isLive(old)).isFalse();
    assertThat(table.find(a)).isEqualTo(fresh);
    assertThat(table.size()).isEqualTo(2);
  }

  @Test
  void pathsAndParentsFollowTheTree() {
    long d = table.lookup(ROOT, b("d"), dir);
    long sub = table.lookup(d, b("sub"), dir);
    long f = table.lookup(sub, b("f.txt"), file);
    assertThat(table.path(f)).isEqualTo(ProjectedPath.of("d/sub/f.txt"));
    assertThat(table.parent(f)).isEqualTo(sub);
    assertThat(table.parent(sub)).isEqualTo(d);
    assertThat(table.find(ProjectedPath.of("d/sub/f.txt"))).isEqualTo(f);
    assertThat(table.find(sub, b("f.txt"))).isEqualTo(f);
    assertThat(table.find(d, b("f.txt"))).as("another directory's name").isEqualTo(NodeTable.NONE);
    assertThat(table.lookup(f + (1L << 32), b("x"), file)).as("a stale directory id").isEqualTo(NodeTable.NONE);
  }

  /** Random lookups and forgets against a plain map: every count and name stays exact. */
  @Test
  void countsAndNamesMatchAModelThroughGrowthAndReuse() {
    Random random = new Random(13);
    List<Long> dirs = new ArrayList<>(List.of(ROOT));
    for (int i = 0; i < 8; i++) {
      dirs.add(table.lookup(ROOT, b("dir" + i), dir));
    }
    Map<String, Long> counts = new HashMap<>(); // "dirIndex/name" -> count
    Map<String, Long> ids = new HashMap<>();
    for (int op = 0; op < 60_000; op++) {
      int d = 1 + random.nextInt(8);
      String name = "n" + random.nextInt(1500);
      String key = d + "/" + name;
      if (random.nextInt(3) > 0) {
        long id = table.lookup(dirs.get(d), b(name), file);
        Long known = ids.putIfAbsent(key, id);
        assertThat(id).isEqualTo(known == null ? id : known);
        counts.merge(key, 1L, Long::sum);
      } else if (ids.containsKey(key)) {
        long n = 1 + random.nextInt(counts.get(key).intValue());
        table.forget(ids.get(key), n);
        if (counts.merge(key, -n, Long::sum) == 0) {
          counts.remove(key);
          assertThat(table.isLive(ids.remove(key))).isFalse();
        }
      }
    }
    assertThat(table.size()).isEqualTo(1 + 8 + ids.size());
    for (int d = 1; d <= 8; d++) {
      for (int i = 0; i < 1500; i++) {
        Long id = ids.get(d + "/n" + i);
        assertThat(table.find(dirs.get(d), b("n" + i))).isEqualTo(id == null ? NodeTable.NONE : id);
      }
    }
    ids.forEach((key, id) -> assertThat(table.path(id).toString())
        .isEqualTo("dir" + (Integer.parseInt(key.substring(0, key.indexOf('/'))) - 1)
            + key.substring(key.indexOf('/'))));
  }

  /** Readers and writers on several threads: every hand-out forgotten leaves nothing behind. */
  @Test
  void concurrentLookupsAndForgetsLeaveExactCounts() throws Exception {
    long d = table.lookup(ROOT, b("d"), dir);
    List<CompletableFuture<Void>> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int seed = t;
      threads.add(CompletableFuture.runAsync(() -> {
        Random random = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
          String name = "f" + random.nextInt(64);
          long id = table.lookup(d, b(name), file);
          assertThat(table.find(d, b(name))).isEqualTo(id);
          assertThat(table.path(id).name()).isEqualTo(name);
          table.forget(id, 1);
        }
      }, runnable -> new Thread(runnable).start()));
    }
    CompletableFuture.allOf(threads.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    assertThat(table.size()).as("the root and d").isEqualTo(2);
    for (int i = 0; i < 64; i++) {
      assertThat(table.find(d, b("f" + i))).isEqualTo(NodeTable.NONE);
    }
  }

  private static byte[] b(String name) {
    return bytes(name);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
