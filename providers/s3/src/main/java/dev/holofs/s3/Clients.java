package dev.holofs.s3;

import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedAsyncClientOption;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.s3.DelegatingS3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/** Builds the asynchronous S3 client an {@link S3Options} describes. */
final class Clients {

  /** Event loop threads: one per processor is enough to keep them all busy with I/O. */
  static final int EVENT_LOOPS = Runtime.getRuntime().availableProcessors();

  /** Connections to the endpoint: enough for read-ahead parts and listings of many readers. */
  static final int MAX_CONNECTIONS = 64;

  private Clients() {}

  static S3AsyncClient create(S3Options options) {
    Duration timeout = options.requestTimeout();
    // Netty, not the CRT. Mounted, with WideChunks, both cost the same CPU (2 interleaved pairs:
    // 256 MiB read 0.39-0.41 s against 0.41-0.42, 1,000 small objects 1.19-1.30 s against
    // 1.18-1.26, 500 preads 0.39-0.41 s against 0.37-0.38): the SDK's request path above the HTTP
    // client is the cost. And the CRT read a body delimited by the connection's close (no
    // Content-Length, not chunked: S3Proxy's answer to a request with "Connection: close", as
    // the fault tests' proxy sends) as empty: a LIST then came back a valid, empty listing.
    // The event loop group is ours (one thread per processor, not the SDK's two; ended in close
    // below, or here if the client cannot be built), for the channels WideChunks makes.
    NioEventLoopGroup loops = new NioEventLoopGroup(EVENT_LOOPS,
        new DefaultThreadFactory("holofs-s3-io", true));
    try {
      return create(options, timeout, loops);
    } catch (RuntimeException | Error e) { // a bad region or profile, say: no client ends the group
      loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw e;
    }
  }

  private static S3AsyncClient create(S3Options options, Duration timeout, NioEventLoopGroup loops) {
    var http = NettyNioAsyncHttpClient.builder()
        .eventLoopGroup(SdkEventLoopGroup.create(loops, WideChunks.CHANNELS))
        .maxConcurrency(MAX_CONNECTIONS)
        .connectionTimeout(timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10))
        .readTimeout(timeout);
    var builder = S3AsyncClient.builder()
        .httpClientBuilder(http)
        .region(region(options))
        .credentialsProvider(credentials(options))
        .forcePathStyle(options.pathStyle())
        // Every read is a ranged GET, and S3 has no checksum of a range to validate: asking for
        // one (the default) only costs a header and the validating interceptor on each GET.
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        // Completions only copy bytes to a reply: run them on the I/O thread that received the
        // answer, one thread hand-off fewer per request than the SDK's default executor.
        .asyncConfiguration(b -> b.advancedOption(
            SdkAdvancedAsyncClientOption.FUTURE_COMPLETION_EXECUTOR, Runnable::run))
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            // Standard mode retries throttling (503 SlowDown) and connection errors with backoff.
            .retryStrategy(RetryMode.STANDARD)
            .apiCallAttemptTimeout(timeout)
            .build());
    if (options.endpoint() != null) {
      builder.endpointOverride(options.endpoint());
    }
    S3AsyncClient client = builder.build();
    return new DelegatingS3AsyncClient(client) {
      @Override
      public void close() { // an event loop group handed to the SDK is the caller's to end
        super.close();
        loops.shutdownGracefully(200, 5000, TimeUnit.MILLISECONDS); // after the pool closes its channels
      }
    };
  }

  private static AwsCredentialsProvider credentials(S3Options options) {
    if (options.unsignedRequests()) {
      return AnonymousCredentialsProvider.create();
    }
    if (options.accessKeyId() != null) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(options.accessKeyId(), options.secretAccessKey()));
    }
    if (options.profile() != null) {
      return ProfileCredentialsProvider.create(options.profile());
    }
    return DefaultCredentialsProvider.builder().build();
  }

  private static Region region(S3Options options) {
    if (options.region() != null) {
      return Region.of(options.region());
    }
    try {
      return regionChain(options).getRegion();
    } catch (SdkClientException none) {
      return Region.US_EAST_1; // S3-compatible stores rarely care; AWS redirects from here
    }
  }

  /**
   * The SDK's region chain; without the EC2 instance metadata when an endpoint is given: that
   * store is not in an AWS region, and asking the metadata service off EC2 waits for its timeout
   * (~0.8 s of every mount until listable, measured here).
   */
  private static AwsRegionProvider regionChain(S3Options options) {
    if (options.endpoint() == null) {
      DefaultAwsRegionProviderChain.Builder chain = DefaultAwsRegionProviderChain.builder();
      if (options.profile() != null) {
        chain.profileName(options.profile());
      }
      return chain.build();
    }
    return new AwsRegionProviderChain(new SystemSettingsRegionProvider(), options.profile() == null
        ? new AwsProfileRegionProvider()
        : new AwsProfileRegionProvider(ProfileFile::defaultProfileFile, options.profile()));
  }
}
