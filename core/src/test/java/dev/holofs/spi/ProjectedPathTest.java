package dev.holofs.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProjectedPathTest {

  @Test
  void aPathKnowsItsNamesItsParentAndItsLastName() {
    ProjectedPath p = ProjectedPath.of("a/b c/d.txt");
    assertThat(p.name()).isEqualTo("d.txt");
    assertThat(p.parent().name()).isEqualTo("b c");
    assertThat(p.parent().parent().name()).isEqualTo("a");
    assertThat(p.parent().parent().parent()).isSameAs(ProjectedPath.ROOT);
    assertThat(p.names()).containsExactly("a", "b c", "d.txt");
    assertThat(p).isEqualTo(ProjectedPath.ROOT.resolve("a").resolve("b c").resolve("d.txt"));
    assertThat(p.toString()).isEqualTo("a/b c/d.txt");
  }

  @Test
  void theRootHasNoNameAndNoParent() {
    assertThat(ProjectedPath.of("")).isSameAs(ProjectedPath.ROOT);
    assertThat(ProjectedPath.ROOT.name()).isEmpty();
    assertThat(ProjectedPath.ROOT.parent()).isNull();
    assertThat(ProjectedPath.ROOT.names()).isEmpty();
  }

  @Test
  void namesThatWouldLeaveTheRootAreRefused() {
    assertThatThrownBy(() -> ProjectedPath.of("a/../b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProjectedPath.ROOT.resolve("a/b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProjectedPath.of("a//b")).isInstanceOf(IllegalArgumentException.class);
  }
}
