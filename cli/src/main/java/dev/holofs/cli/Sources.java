package dev.holofs.cli;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The SOURCE types this command line knows. The bundled ones are listed here; a new provider
 * module (s3, vfs) adds its {@link SourceType} to {@link #bundled()}.
 */
final class Sources {

  private final List<SourceType> types;

  Sources(List<SourceType> types) {
    this.types = List.copyOf(types);
  }

  /** The sources bundled in the holofs jar. */
  static Sources bundled() {
    return bundled(new S3Flags(), new VfsOptionsMixin(), null);
  }

  /**
   * The bundled sources, {@code s3://} and {@code vfs:} with the mount's options, {@code vfs:}
   * with its cache timeout (null: default).
   */
  static Sources bundled(S3Flags s3, VfsOptionsMixin vfs, java.time.Duration cacheTimeout) {
    return bundled(s3, vfs, cacheTimeout, new ZipFlags());
  }

  /** The bundled sources, with {@code zip:}'s options too. */
  static Sources bundled(S3Flags s3, VfsOptionsMixin vfs, java.time.Duration cacheTimeout,
      ZipFlags zip) {
    return new Sources(List.of(new DemoSource(), new ZipSource(zip), new S3Source(s3),
        new VfsSource(vfs, cacheTimeout)));
  }

  List<SourceType> types() {
    return types;
  }

  /**
   * The type of {@code source} ({@code scheme:argument}) and its argument.
   *
   * @throws UserException if it names no known type
   */
  Resolved resolve(String source) throws UserException {
    int colon = source.indexOf(':');
    if (colon <= 0) {
      String hint = source.toLowerCase(java.util.Locale.ROOT).endsWith(".zip")
          ? "; did you mean zip:" + source + "?" : "; see holofs providers";
      throw new UserException("SOURCE '" + source + "' has no scheme (e.g. " + usages() + ")"
          + hint);
    }
    String scheme = source.substring(0, colon);
    for (SourceType type : types) {
      if (type.scheme().equalsIgnoreCase(scheme)) {
        return new Resolved(type, source.substring(colon + 1));
      }
    }
    throw new UserException("unknown source scheme '" + scheme + ":' (bundled: " + usages()
        + "; see holofs providers)");
  }

  private String usages() {
    return types.stream().map(SourceType::usage).collect(Collectors.joining(", "));
  }

  /** A SOURCE split into its type and its argument. */
  record Resolved(SourceType type, String argument) {

    OpenSource open() throws UserException, java.io.IOException {
      return type.open(argument);
    }
  }
}
