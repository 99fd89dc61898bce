package dev.holofs.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.holofs.Projection;
import dev.holofs.spi.Command;
import dev.holofs.spi.DataSink;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.EnumerationRequest;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.spi.Provider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failure while a made mount is being set up to serve leaves nothing mounted, and says why. */
class MountFailureTest {

  @TempDir
  Path temp;

  /** Fails as the system does when it refuses a thread, while the engine is being made. */
  private static final class RefusedThread implements Provider {
    @Override
    public boolean answersMetadataFromMemory() {
      throw new OutOfMemoryError("unable to create native thread: possibly out of memory");
    }

    @Override
    public void enumerate(EnumerationRequest request, EntrySink sink) {}

    @Override
    public PlaceholderInfo getPlaceholder(Command command, ProjectedPath path) {
      return null;
    }

    @Override
    public void getFileData(Command c, ProjectedPath path, long offset, int length, DataSink sink) {}
  }

  @Test
  void anErrorWhileStartingToServeUnmountsAndIsOneIoException() throws Exception {
    FuseTests.requireFuse();
    Path mnt = Files.createDirectory(temp.resolve("mnt"));
    try {
      Throwable t = catchThrowable(() -> Projection.builder(new RefusedThread()).build().mount(mnt));
      assertThat(t).isInstanceOf(IOException.class)
          .hasMessage("cannot serve the mount on " + mnt + ": unable to create native thread: possibly"
              + " out of memory");
      assertThat(FuseTests.mountLine(mnt)).isNull();
    } finally {
      FuseTests.forceUnmount(mnt);
    }
  }
}
