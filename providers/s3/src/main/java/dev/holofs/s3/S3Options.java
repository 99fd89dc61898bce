package dev.holofs.s3;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a bucket is and how to reach it: {@code s3://BUCKET[/PREFIX]} plus endpoint, region,
 * addressing, credentials and limits. Immutable; start from {@link #of(String, String)}.
 *
 * <p>Unset, the region and the credentials come from the AWS SDK's default chains (environment,
 * system properties, {@code ~/.aws/config} and {@code credentials}, container and instance roles).
 */
public final class S3Options {

  /** The default request timeout: one attempt of one S3 call. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  /**
   * The default memory the read-ahead of a whole mount may hold: two readers at full speed (a
   * window of 32 MiB each), a small part of the launcher's 384 MiB heap.
   */
  public static final long DEFAULT_READ_AHEAD_BUDGET = 64L << 20;

  private final String bucket;
  private final String prefix;
  private URI endpoint;
  private String region;
  private boolean pathStyle;
  private String profile;
  private boolean unsigned;
  private String accessKeyId;
  private String secretAccessKey;
  private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
  private int pageSize = 1000;
  private long readAheadBudget = DEFAULT_READ_AHEAD_BUDGET;

  private S3Options(String bucket, String prefix) {
    this.bucket = bucket;
    this.prefix = prefix;
  }

  private S3Options copy() {
    S3Options o = new S3Options(bucket, prefix);
    o.endpoint = endpoint;
    o.region = region;
    o.pathStyle = pathStyle;
    o.profile = profile;
    o.unsigned = unsigned;
    o.accessKeyId = accessKeyId;
    o.secretAccessKey = secretAccessKey;
    o.requestTimeout = requestTimeout;
    o.pageSize = pageSize;
    o.readAheadBudget = readAheadBudget;
    return o;
  }

  /**
   * The bucket, and the key prefix under it to project ({@code ""} for the whole bucket; a
   * trailing {@code /} is implied).
   *
   * @throws IllegalArgumentException if the bucket is empty or the prefix is not made of valid names
   */
  public static S3Options of(String bucket, String prefix) {
    if (bucket == null || bucket.isEmpty() || bucket.contains("/")) {
      throw new IllegalArgumentException("invalid bucket name: '" + bucket + "'");
    }
    String p = Objects.requireNonNull(prefix, "prefix");
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (!p.isEmpty() && !Keys.isValidPath(p)) {
      throw new IllegalArgumentException("invalid prefix: '" + prefix + "'");
    }
    return new S3Options(bucket, p.isEmpty() ? "" : p + "/");
  }

  /** A custom endpoint (MinIO, Ceph, S3Proxy, another region's URL); null: AWS's own. */
  public S3Options withEndpoint(URI endpoint) {
    S3Options o = copy();
    o.endpoint = endpoint;
    return o;
  }

  /** The region; null: the SDK's default region chain ({@code us-east-1} if it finds none). */
  public S3Options withRegion(String region) {
    S3Options o = copy();
    o.region = region;
    return o;
  }

  /** Path-style addressing ({@code endpoint/bucket/key}), as MinIO, Ceph and S3Proxy need. */
  public S3Options withPathStyle(boolean pathStyle) {
    S3Options o = copy();
    o.pathStyle = pathStyle;
    return o;
  }

  /** The named profile of {@code ~/.aws/config} for credentials and region. */
  public S3Options withProfile(String profile) {
    S3Options o = copy();
    o.profile = profile;
    return o;
  }

  /** Unsigned (anonymous) requests, for public buckets. */
  public S3Options withUnsignedRequests(boolean unsigned) {
    S3Options o = copy();
    o.unsigned = unsigned;
    return o;
  }

  /** Fixed credentials instead of the default chain. */
  public S3Options withCredentials(String accessKeyId, String secretAccessKey) {
    S3Options o = copy();
    o.accessKeyId = Objects.requireNonNull(accessKeyId);
    o.secretAccessKey = Objects.requireNonNull(secretAccessKey);
    return o;
  }

  /**
   * How long one attempt of an S3 call may take before it fails (and is retried by the SDK's
   * policy); a stalled endpoint fails the request after about three times this.
   */
  public S3Options withRequestTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("request timeout must be positive: " + timeout);
    }
    S3Options o = copy();
    o.requestTimeout = timeout;
    return o;
  }

  /** Keys per ListObjectsV2 page, 1 to 1000 (S3's maximum, the default). */
  public S3Options withPageSize(int keys) {
    if (keys < 1 || keys > 1000) {
      throw new IllegalArgumentException("page size must be 1..1000: " + keys);
    }
    S3Options o = copy();
    o.pageSize = keys;
    return o;
  }

  /** Bytes the read-ahead of the whole mount may hold at once; 0 turns read-ahead off. */
  public S3Options withReadAheadBudget(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("negative read-ahead budget: " + bytes);
    }
    S3Options o = copy();
    o.readAheadBudget = bytes;
    return o;
  }

  /** The bucket. */
  public String bucket() { return bucket; }
  /** The key prefix projected as the root: empty, or ending in {@code /}. */
  public String prefix() { return prefix; }
  /** The endpoint, or null for AWS's own. */
  public URI endpoint() { return endpoint; }
  /** The region, or null for the default chain. */
  public String region() { return region; }
  /** Whether addressing is path-style. */
  public boolean pathStyle() { return pathStyle; }
  /** The profile, or null. */
  public String profile() { return profile; }
  /** Whether requests are unsigned. */
  public boolean unsignedRequests() { return unsigned; }
  /** The fixed access key id, or null for the default chain. */
  public String accessKeyId() { return accessKeyId; }
  /** The fixed secret key, or null. */
  String secretAccessKey() { return secretAccessKey; }
  /** The timeout of one attempt of one call. */
  public Duration requestTimeout() { return requestTimeout; }
  /** Keys per listing page. */
  public int pageSize() { return pageSize; }
  /** The read-ahead memory budget in bytes. */
  public long readAheadBudget() { return readAheadBudget; }

  /** {@code s3://bucket/prefix}, for messages. */
  @Override
  public String toString() {
    return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix.substring(0, prefix.length() - 1));
  }
}
