package dev.holofs.projfs;

import dev.holofs.Projection;
import dev.holofs.spi.Provider;
import java.io.IOException;
import java.nio.file.Path;

/** A provider served by the ProjFS adapter over the fake ProjFS on {@code root}. */
final class FakeMount implements AutoCloseable {

  final FakeProjFs fake;
  final ProjFsMount mount;
  final FakeIo io;

  private FakeMount(FakeProjFs fake, ProjFsMount mount) {
    this.fake = fake;
    this.mount = mount;
    this.io = new FakeIo(fake);
  }

  /** Alignment 4096, chunks of at most 1 MiB, the given pool sizes. */
  static FakeMount start(Provider provider, Path root, int concurrent, int pool) throws IOException {
    return start(provider, root, concurrent, pool, 4096, ProjFsMount.MAX_CHUNK);
  }

  static FakeMount start(Provider provider, Path root, int concurrent, int pool, int alignment,
      int maxChunk) throws IOException {
    FakeProjFs fake = new FakeProjFs(alignment);
    Projection projection = Projection.builder(provider).concurrentThreadCount(concurrent)
        .poolThreadCount(pool).build();
    return new FakeMount(fake, ProjFsMount.start(fake, projection, root, maxChunk));
  }

  @Override
  public void close() {
    mount.close();
  }
}
