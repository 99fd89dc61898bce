package dev.holofs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The one rule by which a mount command line is read before picocli reads it. */
class EarlyArgsTest {

  @Test
  void knowsEveryMountOptionAndItsArityAsPicocliDoes() {
    Map<String, Integer> picocli = new HashMap<>();
    Map<String, String> longest = new HashMap<>();
    for (OptionSpec option : new CommandLine(new MountCommand()).getCommandSpec().options()) {
      if (option.usageHelp() || option.versionHelp()) {
        continue; // --help and --version: picocli's to answer
      }
      assertThat(option.arity().min()).as(option.longestName()).isEqualTo(option.arity().max());
      for (String name : option.names()) {
        picocli.put(name, option.arity().max());
        if (!name.equals(option.longestName())) {
          longest.put(name, option.longestName());
        }
      }
    }
    assertThat(EarlyArgs.ARITY).isEqualTo(picocli);
    assertThat(EarlyArgs.LONGEST).isEqualTo(longest);
  }

  @Test
  void readsSourceMountpointAndEachOptionOnce() {
    EarlyArgs early = EarlyArgs.read(new String[] {"mount", "s3://b/p", "m", "--endpoint",
        "http://127.0.0.1:9000", "--path-style", "--fsname", "x", "-v"});
    assertThat(early.source).isEqualTo("s3://b/p");
    assertThat(early.mountpoint).isEqualTo("m");
    assertThat(early.value(S3Flags.ENDPOINT)).isEqualTo("http://127.0.0.1:9000");
    assertThat(early.has(S3Flags.PATH_STYLE)).isTrue();
    assertThat(early.has(S3Flags.REGION)).isFalse();
    assertThat(early.names())
        .containsExactlyInAnyOrder("--endpoint", "--path-style", "--fsname", "--verbose");
  }

  @Test
  void givesUpOnAnythingPicocliMightReadOtherwise() {
    String[][] unread = {
        {"mount", "s3://b", "m", "--path-style=false"}, // a flag's value: not the flag set
        {"mount", "s3://b", "m", "--no-host-key-check=false"},
        {"mount", "s3://b", "m", "--endpoint=http://127.0.0.1:9000"},
        {"mount", "s3://b", "m", "@opts"}, // an argument file, expanded by picocli
        {"mount", "@opts", "m"},
        {"mount", "s3://b", "m", "--fsname", "@name"},
        {"mount", "s3://b", "m", "--", "--endpoint", "http://127.0.0.1:9000"},
        {"mount", "s3://b", "m", "--region", "a", "--region", "b"}, // a repeat
        {"mount", "s3://b", "m", "--path-style", "--path-style"},
        {"mount", "s3://b", "m", "-v", "--verbose"}, // a repeat under another name
        {"mount", "s3://b", "m", "--no-such-option"},
        {"mount", "s3://b", "m", "--help"},
        {"mount", "s3://b", "m", "-h"},
        {"mount", "s3://b", "m", "--version"},
        {"mount", "s3://b", "m", "-vv"},
        {"mount", "--fsname", "s3://x", "s3://b", "m"}, // an option before the operands
        {"mount", "s3://b", "m", "--endpoint", "--no-host-key-check"}, // a value like an option
        {"mount", "s3://b", "m", "--endpoint"},
        {"mount", "s3://b", "m", "third"},
        {"mount", "s3://b", ""},
        {"mount", "s3://b"},
        {"unmount", "s3://b", "m"},
    };
    for (String[] args : unread) {
      assertThat(EarlyArgs.read(args)).as(String.join(" ", args)).isNull();
    }
  }

  @Test
  void s3OptionsThatDifferAreKeyedApart() {
    // Joined with spaces both would read "null r false false null false null".
    S3Flags a = new S3Flags();
    a.region = "r false";
    S3Flags b = new S3Flags();
    b.region = "r";
    b.profile = "false null";
    assertThat(a.key()).isNotEqualTo(b.key());
    assertThat(EarlyStart.key("s3://b", a.key())).isNotEqualTo(EarlyStart.key("s3://b", b.key()));
  }
}
