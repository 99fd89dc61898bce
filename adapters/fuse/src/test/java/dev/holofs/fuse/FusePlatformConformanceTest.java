package dev.holofs.fuse;

import dev.holofs.Mount;
import dev.holofs.PlatformOptions;
import dev.holofs.Projection;
import dev.holofs.testkit.PlatformConformanceTest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** The platform suite against real FUSE mounts, made the way users make them: Projection.mount. */
class FusePlatformConformanceTest extends PlatformConformanceTest {

  @Override
  protected void assumePlatform() {
    FuseTests.requireFuse();
  }

  @Override
  protected Mount mount(Projection projection, Path directory) throws IOException {
    return projection.mount(directory);
  }

  @Override
  protected PlatformOptions longCaches() {
    return FuseOptions.builder().cacheTimeout(Duration.ofHours(1)).build();
  }

  @Override
  protected void cleanUp(Path directory) throws Exception {
    FuseTests.forceUnmount(directory);
  }
}
