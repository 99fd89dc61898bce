package dev.holofs.cli;

import static java.util.Map.entry;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A {@code holofs mount} command line read without picocli, for work begun before picocli has read
 * it ({@link PlainMount}, a source opened early by {@link EarlyStart}). One conservative rule for
 * every such reader: only {@code mount SOURCE MOUNTPOINT [OPTION...]}, each option a name of
 * {@link #ARITY} given once, followed by its value as the next argument if it takes one. Anything
 * picocli might read otherwise, or refuse, gives null, and then picocli alone decides: an option
 * before the operands, {@code --}, an argument file ({@code @FILE}) anywhere, an option given twice,
 * {@code --name=VALUE} for any option (a flag's {@code --no-host-key-check=false} is not a flag
 * set), an option this table does not know ({@code --help} and {@code --version} included), a
 * missing value or one that looks like an option, a third operand.
 *
 * <p>A reader that begins work from it (opens a connection, say) uses only what {@link #read}
 * returned, and only with values it converts as picocli does; the command then takes that work
 * only if picocli read the same. A guess must never be less safe than picocli: with anything
 * unclear there is no guess.
 */
final class EarlyArgs {

  /**
   * Every option of {@code holofs mount} (its own and its mixins') and how many values it takes;
   * EarlyArgsTest checks it against picocli's model of the command.
   */
  static final Map<String, Integer> ARITY = Map.ofEntries(
      entry(S3Flags.ENDPOINT, 1), entry(S3Flags.REGION, 1), entry(S3Flags.PATH_STYLE, 0),
      entry(S3Flags.PROFILE, 1), entry(S3Flags.NO_SIGN_REQUEST, 0), entry(S3Flags.REQUEST_TIMEOUT, 1),
      entry("--concurrent-threads", 1), entry("--pool-threads", 1), entry("--cache-timeout", 1),
      entry("--allow-other", 0), entry("--fsname", 1), entry("--cache-size", 1),
      entry(VfsOptionsMixin.IDENTITY, 1), entry("--password-file", 1),
      entry("--no-host-key-check", 0), entry(VfsOptionsMixin.KNOWN_HOSTS, 1),
      entry(VfsOptionsMixin.LANES, 1), entry("-v", 0), entry("--verbose", 0));

  /**
   * Each option's other names, with the name it is known by here (picocli's longest), so that an
   * option given twice under two names is a repeat too; EarlyArgsTest checks it against picocli.
   */
  static final Map<String, String> LONGEST = Map.of("-v", "--verbose");

  /** The SOURCE and MOUNTPOINT operands, neither empty. */
  final String source;
  final String mountpoint;
  /** Each option given, by its longest name: its value, or "" for a flag. */
  private final Map<String, String> options;

  private EarlyArgs(String source, String mountpoint, Map<String, String> options) {
    this.source = source;
    this.mountpoint = mountpoint;
    this.options = options;
  }

  /** {@code args} read as picocli would read them, or null when that is not certain. */
  static EarlyArgs read(String[] args) {
    if (args.length < 3 || !args[0].equals("mount") || !isValue(args[1]) || !isValue(args[2])) {
      return null;
    }
    Map<String, String> options = new HashMap<>();
    for (int i = 3; i < args.length; i++) {
      Integer arity = ARITY.get(args[i]);
      String name = LONGEST.getOrDefault(args[i], args[i]);
      if (arity == null || options.containsKey(name)) {
        return null; // not an option here (--, --name=VALUE, an operand), or given twice
      }
      String value = "";
      if (arity == 1) {
        if (i + 1 == args.length || !isValue(args[i + 1])) {
          return null;
        }
        value = args[++i];
      }
      options.put(name, value);
    }
    return new EarlyArgs(args[1], args[2], options);
  }

  /**
   * The s3 options, converted as picocli converts them (a pure conversion: every reader gets equal
   * flags, a copy of its own); null if a value does not convert.
   */
  S3Flags s3() {
    return S3Flags.of(this);
  }

  /** Whether option {@code name} (its longest name) was given. */
  boolean has(String name) {
    return options.containsKey(name);
  }

  /** The value of option {@code name}, null if it was not given ("" for a flag). */
  String value(String name) {
    return options.get(name);
  }

  /** The longest names of the options given. */
  Set<String> names() {
    return options.keySet();
  }

  /** An argument that picocli reads as itself: not an option, an argument file or empty. */
  private static boolean isValue(String arg) {
    return !arg.isEmpty() && !arg.startsWith("-") && !arg.startsWith("@");
  }
}
