// Which asynchronous HTTP client the S3 provider uses: Netty or the CRT, measured on S3Proxy.
// Rounds alternate the two clients; each round reads one object in 8 MiB ranged GETs (8 in
// flight, as the read-ahead does) and GETs small objects one at a time (as a reader of many
// small files does). Prints the median MB/s and milliseconds per small GET of each client.
//
// Usage (S3Proxy or any endpoint running, credentials in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY):
//   mvn -q dependency:build-classpath -pl providers/s3 -Dmdep.outputFile=/tmp/cp.txt
//   java -cp "$(cat /tmp/cp.txt):AWS_CRT_CLIENT_JAR:AWS_CRT_JAR" benchmarks/s3/ClientChoice.java \
//       ENDPOINT BUCKET BIG_KEY SMALL_PREFIX [ROUNDS]
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.S3Object;

public class ClientChoice {
  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(args[0]);
    String bucket = args[1], big = args[2], prefix = args[3];
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
    List<Double> nettyMbs = new ArrayList<>(), crtMbs = new ArrayList<>();
    List<Double> nettyMs = new ArrayList<>(), crtMs = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      for (String kind : new String[] {"netty", "crt"}) {
        SdkAsyncHttpClient http = kind.equals("netty")
            ? NettyNioAsyncHttpClient.builder().maxConcurrency(64).build()
            : AwsCrtAsyncHttpClient.builder().maxConcurrency(64).build();
        try (S3AsyncClient s3 = S3AsyncClient.builder().httpClient(http).endpointOverride(endpoint)
            .forcePathStyle(true).region(Region.US_EAST_1).build()) {
          long size = s3.headObject(b -> b.bucket(bucket).key(big)).join().contentLength();
          List<S3Object> small = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(300))
              .join().contents();
          s3.getObject(b -> b.bucket(bucket).key(small.get(0).key()), AsyncResponseTransformer.toBytes()).join();
          long t0 = System.nanoTime();
          Semaphore inFlight = new Semaphore(8);
          List<CompletableFuture<?>> all = new ArrayList<>();
          for (long off = 0; off < size; off += 8 << 20) {
            long from = off, to = Math.min(size, off + (8 << 20)) - 1;
            inFlight.acquire();
            all.add(s3.getObject(b -> b.bucket(bucket).key(big).range("bytes=" + from + "-" + to),
                AsyncResponseTransformer.toBytes()).whenComplete((v, t) -> inFlight.release()));
          }
          CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
          double mbs = size / 1e6 / ((System.nanoTime() - t0) / 1e9);
          long t1 = System.nanoTime();
          for (S3Object o : small) {
            s3.getObject(b -> b.bucket(bucket).key(o.key()), AsyncResponseTransformer.toBytes()).join();
          }
          double ms = (System.nanoTime() - t1) / 1e6 / small.size();
          (kind.equals("netty") ? nettyMbs : crtMbs).add(mbs);
          (kind.equals("netty") ? nettyMs : crtMs).add(ms);
          System.out.printf("round %d %-5s %7.1f MB/s  %6.2f ms per small GET%n", r, kind, mbs, ms);
        }
      }
    }
    System.out.printf("median netty %7.1f MB/s %6.2f ms | crt %7.1f MB/s %6.2f ms%n",
        median(nettyMbs), median(nettyMs), median(crtMbs), median(crtMs));
  }

  static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }
}
