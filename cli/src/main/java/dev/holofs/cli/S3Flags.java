package dev.holofs.cli;

import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The {@code holofs mount} options of {@code s3://} sources; a picocli mixin. */
final class S3Flags {

  @Option(names = "--endpoint", paramLabel = "URL",
      description = "s3:// only: the S3 endpoint (MinIO, Ceph, S3Proxy, another provider). "
          + "Default: AWS. With an endpoint, the region comes from --region, the environment or "
          + "the profile (never EC2 instance metadata).")
  URI endpoint;

  @Option(names = "--region", paramLabel = "REGION",
      description = "s3:// only: the region. Default: the AWS SDK's region chain "
          + "(AWS_REGION, ~/.aws/config), else us-east-1.")
  String region;

  @Option(names = "--path-style",
      description = "s3:// only: path-style addressing (endpoint/bucket/key), as MinIO, Ceph and "
          + "S3Proxy need.")
  boolean pathStyle;

  @Option(names = "--profile", paramLabel = "PROFILE",
      description = "s3:// only: the ~/.aws profile for credentials and region.")
  String profile;

  @Option(names = "--no-sign-request",
      description = "s3:// only: anonymous requests, for public buckets.")
  boolean noSignRequest;

  @Option(names = "--request-timeout", paramLabel = "SECONDS", converter = SecondsConverter.class,
      description = "s3:// only: how long one S3 request may take before it is retried or fails. "
          + "Default: 30.")
  Duration requestTimeout;

  /**
   * The s3 options in a {@code mount} command line, read without picocli (an early guess, see
   * {@link EarlyStart}); null if one of them has a value it cannot read.
   */
  static S3Flags scan(String[] args) {
    S3Flags flags = new S3Flags();
    try {
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        int eq = arg.indexOf('=');
        String name = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
        boolean valued = name.equals("--endpoint") || name.equals("--region")
            || name.equals("--profile") || name.equals("--request-timeout");
        String value = null;
        if (valued && eq > 0) { // --endpoint=URL
          value = arg.substring(eq + 1);
        } else if (valued && i + 1 < args.length) {
          value = args[++i];
        } else if (valued) {
          return null;
        }
        switch (name) {
          case "--endpoint" -> flags.endpoint = new URI(value);
          case "--region" -> flags.region = value;
          case "--profile" -> flags.profile = value;
          case "--request-timeout" -> flags.requestTimeout = new SecondsConverter().convert(value);
          case "--path-style" -> flags.pathStyle = true;
          case "--no-sign-request" -> flags.noSignRequest = true;
          default -> { }
        }
      }
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return null;
    }
    return flags;
  }

  /** The options as one string: two flags that say the same open the same bucket the same way. */
  String key() {
    return endpoint + " " + region + " " + pathStyle + " " + profile + " " + noSignRequest + " "
        + requestTimeout;
  }

  /** Whether any s3 option was given. */
  boolean anySet() {
    return endpoint != null || region != null || pathStyle || profile != null || noSignRequest
        || requestTimeout != null;
  }
}
