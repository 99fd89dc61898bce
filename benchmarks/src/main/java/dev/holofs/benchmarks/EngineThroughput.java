package dev.holofs.benchmarks;

import dev.holofs.examples.memory.MemoryProvider;
import dev.holofs.spi.Collation;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.spi.Provider;
import dev.holofs.testkit.DeferringProvider;
import dev.holofs.testkit.DirectoryHandle;
import dev.holofs.testkit.Driver;
import dev.holofs.testkit.Read;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Provider callbacks per second through the engine, with no kernel: the testkit {@link Driver}
 * sends {@value #BATCH} requests at once (as a busy kernel queue would) and waits for all of them.
 * Scores are callbacks per second.
 *
 * <ul>
 *   <li>{@code getPlaceholder}: LOOKUP of one of 1,000 files;
 *   <li>{@code enumerate}: one READDIR of {@value #ENTRIES_PER_READDIR} entries (a restart-scan of
 *       an open directory, so every call lists the same, cached entries);
 *   <li>{@code getFileData}: one 4 KiB READ of a generated 64 MiB file.
 * </ul>
 * {@code provider=sync} answers on the worker; {@code async} defers every callback to a separate
 * executor of two threads. {@code pool} is ConcurrentThreadCount (PoolThreadCount is twice it,
 * the ProjFS default).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar EngineThroughput</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class EngineThroughput {

  static final int BATCH = 64;
  static final int FILES = 1000;
  static final int ENTRIES_PER_READDIR = 32;
  static final int READ_SIZE = 4096;
  static final long BIG = 64L << 20;

  @Param({"1", "2", "4"})
  public int pool;

  @Param({"sync", "async"})
  public String provider;

  private ExecutorService asyncExecutor;
  private Driver driver;
  private ProjectedPath[] files;
  private DirectoryHandle[] directories;
  private long[] offsets;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    MemoryProvider memory = new MemoryProvider();
    files = new ProjectedPath[FILES];
    for (int i = 0; i < FILES; i++) {
      String name = String.format("dir/file-%04d.txt", i);
      memory.file(name, ("file " + i + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      files[i] = ProjectedPath.of(name);
    }
    memory.file("big.bin", BIG, (offset, dst) -> {
      while (dst.hasRemaining()) {
        dst.put((byte) offset++);
      }
    });
    Provider p = memory;
    if (provider.equals("async")) {
      asyncExecutor = Executors.newFixedThreadPool(2);
      p = new DeferringProvider(memory, asyncExecutor);
    }
    driver = Driver.of(p, pool, 2 * pool, Collation.BYTE_ORDER);
    directories = new DirectoryHandle[BATCH];
    for (int i = 0; i < BATCH; i++) {
      directories[i] = driver.opendir("dir");
    }
    offsets = new long[FILES];
    java.util.SplittableRandom random = new java.util.SplittableRandom(1);
    for (int i = 0; i < FILES; i++) {
      offsets[i] = random.nextLong(BIG / READ_SIZE) * READ_SIZE;
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    for (DirectoryHandle d : directories) {
      d.close();
    }
    driver.close();
    if (asyncExecutor != null) {
      asyncExecutor.shutdownNow();
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void getPlaceholder(Blackhole bh) {
    @SuppressWarnings("unchecked")
    CompletableFuture<PlaceholderInfo>[] calls = new CompletableFuture[BATCH];
    for (int i = 0; i < BATCH; i++) {
      calls[i] = driver.startLookup(files[next++ % FILES]).result();
    }
    for (CompletableFuture<PlaceholderInfo> c : calls) {
      bh.consume(c.join());
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void enumerate(Blackhole bh) {
    DirectoryHandle.PendingReaddir[] calls = new DirectoryHandle.PendingReaddir[BATCH];
    for (int i = 0; i < BATCH; i++) {
      calls[i] = directories[i].startReaddir(ENTRIES_PER_READDIR, null, true);
    }
    for (DirectoryHandle.PendingReaddir c : calls) {
      c.result().join();
      bh.consume(c.entries());
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void getFileData(Blackhole bh) {
    Read[] reads = new Read[BATCH];
    ProjectedPath big = ProjectedPath.of("big.bin");
    for (int i = 0; i < BATCH; i++) {
      reads[i] = driver.startRead(big, offsets[next++ % FILES], READ_SIZE);
    }
    for (Read r : reads) {
      r.result().join();
      bh.consume(r.bytes());
    }
  }
}
