package dev.holofs.s3;

import java.util.List;
import java.util.Map;

/** A fresh bucket on the shared S3Proxy, holding given objects, reached through a counting proxy. */
final class CountedBucket implements AutoCloseable {

  private final S3Proxy s3;
  private final String name;
  private final FaultProxy proxy;

  private CountedBucket(S3Proxy s3, String name, FaultProxy proxy) {
    this.s3 = s3;
    this.name = name;
    this.proxy = proxy;
  }

  static CountedBucket of(String name, Map<String, byte[]> objects) throws Exception {
    S3Proxy s3 = S3Proxy.get();
    s3.createBucket(name);
    s3.putAll(name, objects);
    return new CountedBucket(s3, name, new FaultProxy(s3.endpoint()));
  }

  /** A provider of the whole bucket, through the proxy. */
  S3Provider provider() throws Exception {
    return provider(WalkAhead.OPENING_FRESH);
  }

  /** A provider whose root listing takes the open's page within {@code openingFresh}. */
  S3Provider provider(java.time.Duration openingFresh) throws Exception {
    return S3Provider.open(s3.options(name, "").withEndpoint(proxy.endpoint()), openingFresh);
  }

  /** The request lines the proxy saw since the last {@link #forget()}. */
  List<String> requests() {
    return proxy.requests();
  }

  void forget() {
    proxy.requests().clear();
  }

  @Override
  public void close() throws Exception {
    proxy.close();
  }
}
