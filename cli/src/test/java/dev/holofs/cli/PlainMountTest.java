package dev.holofs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which command lines skip picocli: {@code mount SOURCE MOUNTPOINT}, and nothing else. */
class PlainMountTest {

  @Test
  void onlyTwoOperandsAfterMountAreRunWithoutPicocli() {
    String[][] plain = {
        {"mount", "zip:a.zip", "/mnt/a"},
        {"mount", "s3://b/p", "m"},
        {"mount", "s3://b/p", "m", "--endpoint", "http://127.0.0.1:9000", "--path-style",
            "--region", "eu-west-1", "--request-timeout", "2", "--no-sign-request", "--profile",
            "p"},
    };
    for (String[] args : plain) {
      assertThat(PlainMount.applies(EarlyArgs.read(args))).as(String.join(" ", args)).isTrue();
    }
    String[][] others = {
        {"mount", "zip:a.zip"},
        {"mount", "zip:a.zip", "/mnt/a", "-v"},
        {"mount", "--help", "x"},
        {"mount", "-v", "zip:a.zip"},
        {"mount", "@args", "/mnt/a"}, // an argument file, which picocli expands
        {"mount", "zip:a.zip", ""},
        {"unmount", "a", "b"},
        {"Mount", "zip:a.zip", "/mnt/a"},
        {"mount", "zip:a.zip", "/mnt/a", "--path-style"}, // s3 options for an s3:// SOURCE only
        {"mount", "s3://b", "m", "--fsname", "x"},
        {"mount", "s3://b", "m", "--path-style", "--path-style"},
        {"mount", "s3://b", "m", "--path-style=false"},
        {"mount", "s3://b", "m", "--region=eu-west-1"}, // picocli reads it; no guess though
        {"mount", "--region", "eu-west-1", "s3://b", "m"},
        {"mount", "s3://b", "m", "--endpoint"},
        {"mount", "s3://b", "m", "--endpoint", "-v"},
        {"mount", "s3://b", "m", "--request-timeout", "soon"},
    };
    for (String[] args : others) {
      assertThat(PlainMount.applies(EarlyArgs.read(args))).as(String.join(" ", args)).isFalse();
    }
  }
}
