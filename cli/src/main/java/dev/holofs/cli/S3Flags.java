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

  /** Whether any s3 option was given. */
  boolean anySet() {
    return endpoint != null || region != null || pathStyle || profile != null || noSignRequest
        || requestTimeout != null;
  }
}
