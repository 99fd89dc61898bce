package dev.holofs.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Counts a reply handed out go back through the adapter's forget rule unless the kernel took it. */
class HandedNodesTest {

  private final List<Long> forgotten = new ArrayList<>();
  private final HandedNodes handed = new HandedNodes(forgotten::add);

  @Test
  void aRefusedReplyTakesBackEveryCountThroughTheForgetRule() {
    for (long id = 2; id < 40; id++) {
      handed.add(id);
    }
    assertThat(handed.deliver(() -> false)).isFalse();
    assertThat(forgotten).hasSize(38).startsWith(2L, 3L).endsWith(39L);
  }

  @Test
  void aReplyThatFailsToEncodeTakesBackItsCounts() {
    handed.add(7);
    assertThatThrownBy(() -> handed.deliver(() -> {
      throw new IllegalStateException("encoding failed");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(forgotten).containsExactly(7L);
  }

  @Test
  void aTakenReplyKeepsItsCounts() {
    handed.add(7);
    handed.add(8);
    assertThat(handed.deliver(() -> true)).isTrue();
    HandedNodes.settle(true, forgotten::add, 9);
    assertThat(forgotten).isEmpty();
  }
}
