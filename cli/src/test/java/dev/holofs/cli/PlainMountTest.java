package dev.holofs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which command lines skip picocli: {@code mount SOURCE MOUNTPOINT}, and nothing else. */
class PlainMountTest {

  @Test
  void onlyTwoOperandsAfterMountAreRunWithoutPicocli() {
    assertThat(PlainMount.applies(new String[] {"mount", "zip:a.zip", "/mnt/a"})).isTrue();
    assertThat(PlainMount.applies(new String[] {"mount", "s3://b/p", "m"})).isTrue();
    String[][] others = {
        {"mount", "zip:a.zip"},
        {"mount", "zip:a.zip", "/mnt/a", "-v"},
        {"mount", "--help", "x"},
        {"mount", "-v", "zip:a.zip"},
        {"mount", "@args", "/mnt/a"}, // an argument file, which picocli expands
        {"mount", "zip:a.zip", ""},
        {"unmount", "a", "b"},
        {"Mount", "zip:a.zip", "/mnt/a"},
    };
    for (String[] args : others) {
      assertThat(PlainMount.applies(args)).as(String.join(" ", args)).isFalse();
    }
  }
}
