package dev.holofs.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code holofs mount} options of {@code s3://} sources; a picocli mixin. */
final class S3Flags {

  static final String ENDPOINT = "--endpoint";
  static final String REGION = "--region";
  static final String PATH_STYLE = "--path-style";
  static final String PROFILE = "--profile";
  static final String NO_SIGN_REQUEST = "--no-sign-request";
  static final String REQUEST_TIMEOUT = "--request-timeout";
  /** Every s3 option. */
  static final List<String> NAMES =
      List.of(ENDPOINT, REGION, PATH_STYLE, PROFILE, NO_SIGN_REQUEST, REQUEST_TIMEOUT);

  @Option(names = ENDPOINT, paramLabel = "URL",
      description = "s3:// only: the S3 endpoint (MinIO, Ceph, S3Proxy, another provider). "
          + "Default: AWS. With an endpoint, the region comes from --region, the environment or "
          + "the profile (never EC2 instance metadata).")
  URI endpoint;

  @Option(names = REGION, paramLabel = "REGION",
      description = "s3:// only: the region. Default: the AWS SDK's region chain "
          + "(AWS_REGION, ~/.aws/config), else us-east-1.")
  String region;

  @Option(names = PATH_STYLE,
      description = "s3:// only: path-style addressing (endpoint/bucket/key), as MinIO, Ceph and "
          + "S3Proxy need.")
  boolean pathStyle;

  @Option(names = PROFILE, paramLabel = "PROFILE",
      description = "s3:// only: the ~/.aws profile for credentials and region.")
  String profile;

  @Option(names = NO_SIGN_REQUEST,
      description = "s3:// only: anonymous requests, for public buckets.")
  boolean noSignRequest;

  @Option(names = REQUEST_TIMEOUT, paramLabel = "SECONDS", converter = SecondsConverter.class,
      description = "s3:// only: how long one S3 request may take before it is retried or fails. "
          + "Default: 30.")
  Duration requestTimeout;

  /**
   * The s3 options of a {@code mount} command line read without picocli (an early guess, see
   * {@link EarlyArgs#s3()}); null if a value does not convert.
   */
  static S3Flags of(EarlyArgs early) {
    S3Flags flags = new S3Flags();
    try {
      flags.endpoint = early.has(ENDPOINT) ? new URI(early.value(ENDPOINT)) : null;
      flags.region = early.value(REGION);
      flags.pathStyle = early.has(PATH_STYLE);
      flags.profile = early.value(PROFILE);
      flags.noSignRequest = early.has(NO_SIGN_REQUEST);
      flags.requestTimeout = early.has(REQUEST_TIMEOUT)
          ? new SecondsConverter().convert(early.value(REQUEST_TIMEOUT)) : null;
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
    return flags;
  }

  /** The options' values: two flags that say the same open the same bucket the same way. */
  List<Object> key() {
    return Arrays.asList(endpoint, region, pathStyle, profile, noSignRequest, requestTimeout);
  }

  /** Whether any s3 option was given. */
  boolean anySet() {
    return endpoint != null || region != null || pathStyle || profile != null || noSignRequest
        || requestTimeout != null;
  }
}
