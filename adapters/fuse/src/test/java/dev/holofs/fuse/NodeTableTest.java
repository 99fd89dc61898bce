package dev.holofs.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.fuse.NodeTable.Node;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import org.junit.jupiter.api.Test;

class NodeTableTest {

  private final NodeTable table = new NodeTable(PlaceholderInfo.directory().build());
  private final ProjectedPath a = ProjectedPath.of("a");
  private final PlaceholderInfo file = PlaceholderInfo.file(3).build();

  @Test
  void theRootIsNodeOneAndNeverForgotten() {
    assertThat(table.root().id).isEqualTo(Protocol.ROOT_ID);
    table.forget(Protocol.ROOT_ID, 100);
    assertThat(table.get(Protocol.ROOT_ID)).isSameAs(table.root());
  }

  @Test
  void aNodeLivesUntilEveryLookupIsForgotten() {
    Node first = table.lookup(table.root(), "a", file);
    Node second = table.lookup(table.root(), "a", PlaceholderInfo.file(4).build());
    assertThat(second).isSameAs(first);
    assertThat(first.info.size()).isEqualTo(4);
    table.forget(first.id, 1);
    assertThat(table.get(first.id)).isSameAs(first);
    table.forget(first.id, 1);
    assertThat(table.get(first.id)).isNull();
    assertThat(table.find(a)).isNull();
    Node again = table.lookup(table.root(), "a", file);
    assertThat(again.id).isNotEqualTo(first.id); // ids are never reused
  }

  @Test
  void aDetachedNodeKeepsItsIdButTheNameGetsANewOne() {
    Node old = table.lookup(table.root(), "a", file);
    assertThat(table.detach(a)).isSameAs(old);
    assertThat(table.get(old.id)).isSameAs(old);
    Node fresh = table.lookup(table.root(), "a", file);
    assertThat(fresh.id).isNotEqualTo(old.id);
    table.forget(old.id, 1);
    assertThat(table.get(old.id)).isNull();
    assertThat(table.find(a)).isSameAs(fresh);
    assertThat(table.size()).isEqualTo(2);
  }
}
