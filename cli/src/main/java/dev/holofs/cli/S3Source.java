package dev.holofs.cli;

import dev.holofs.s3.S3Options;
import dev.holofs.s3.S3Provider;
import dev.holofs.spi.OpeningProvider;
import java.io.IOException;

/** {@code s3://BUCKET[/PREFIX]}: an S3 bucket or a prefix of it, read-only, through {@link S3Provider}. */
final class S3Source implements SourceType {

  private final S3Flags flags;

  S3Source(S3Flags flags) {
    this.flags = flags;
  }

  @Override
  public String scheme() {
    return "s3";
  }

  @Override
  public String usage() {
    return "s3://BUCKET[/PREFIX]";
  }

  @Override
  public String summary() {
    return "an S3 bucket or prefix, read-only (any S3-compatible endpoint: --endpoint, "
        + "--path-style)";
  }

  @Override
  public OpenSource open(String argument) throws UserException, IOException {
    if (!argument.startsWith("//") || argument.length() == 2) {
      throw new UserException("s3:" + argument + ": write s3://BUCKET or s3://BUCKET/PREFIX");
    }
    String path = argument.substring(2);
    int slash = path.indexOf('/');
    String bucket = slash < 0 ? path : path.substring(0, slash);
    String prefix = slash < 0 ? "" : path.substring(slash + 1);
    S3Options options;
    try {
      options = S3Options.of(bucket, prefix);
      if (flags.endpoint != null) {
        if (flags.endpoint.getScheme() == null || flags.endpoint.getHost() == null) {
          throw new UserException("--endpoint '" + flags.endpoint + "' is not a URL like http://HOST:PORT");
        }
        options = options.withEndpoint(flags.endpoint);
      }
      options = options.withRegion(flags.region).withPathStyle(flags.pathStyle)
          .withProfile(flags.profile).withUnsignedRequests(flags.noSignRequest);
      if (flags.requestTimeout != null) {
        options = options.withRequestTimeout(flags.requestTimeout);
      }
    } catch (IllegalArgumentException e) {
      throw new UserException("s3:" + argument + ": " + e.getMessage());
    }
    // The client is built and the bucket listed while the mount is made; a bucket that cannot
    // be listed then ends the mount with the same one-line error.
    OpeningProvider<S3Provider> provider = S3Provider.openInBackground(options);
    // told once it is ready: open by then
    return new OpenSource(provider, provider, mount -> provider.now().invalidateThrough(mount),
        () -> {
          try {
            provider.awaitOpened();
          } catch (IOException e) {
            throw new UserException(Failures.oneLine(e), e);
          }
        });
  }
}
