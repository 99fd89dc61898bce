package dev.holofs.fuse;

import static dev.holofs.fuse.FuseTests.output;
import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.Mount;
import dev.holofs.Projection;
import dev.holofs.spi.Command;
import dev.holofs.spi.DataSink;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.EnumerationRequest;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.spi.Provider;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider's failure that cannot even be printed (its message and its name throw, so logging
 * it throws) fails its request and nothing else: callbacks run on the FUSE readers, and a reader
 * that died of it would leave the mount with fewer, then none.
 */
class UnprintableFailureTest {

  private static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path temp;

  /** Thrown by the provider; any attempt to describe it throws. */
  private static final class Unprintable extends RuntimeException {
    @Override
    public String getMessage() {
      throw new IllegalStateException("no message");
    }

    @Override
    public String toString() {
      throw new IllegalStateException("no name");
    }
  }

  /** hello.txt reads; bad.bin exists and every read of it throws {@link Unprintable}. */
  private static final class FailingProvider implements Provider {
    @Override
    public void enumerate(EnumerationRequest request, EntrySink sink) {}

    @Override
    public PlaceholderInfo getPlaceholder(Command command, ProjectedPath path) {
      return switch (path.toString()) {
        case "hello.txt", "bad.bin" -> PlaceholderInfo.file(HELLO.length).build();
        case "bad-name" -> throw new Unprintable();
        default -> null;
      };
    }

    @Override
    public void getFileData(Command command, ProjectedPath path, long offset, int length,
        DataSink sink) throws java.io.IOException {
      if (path.toString().equals("bad.bin")) {
        throw new Unprintable();
      }
      int from = (int) Math.min(offset, HELLO.length);
      sink.write(ByteBuffer.wrap(HELLO, from, Math.min(length, HELLO.length - from)));
    }
  }

  @Test
  void failuresThatCannotBeLoggedFailOnlyTheirRequest() throws Exception {
    failOftenThenServe(false);
  }

  /**
   * As when the jar is replaced under a running server: every log line throws (here an Error, as
   * a class that no longer loads). Requests still get their answer and readers keep reading.
   */
  @Test
  void aLoggerThatThrowsEndsNoReader() throws Exception {
    failOftenThenServe(true);
  }

  private void failOftenThenServe(boolean brokenLogging) throws Exception {
    FuseTests.requireFuse();
    Path mnt = Files.createDirectory(temp.resolve("mnt"));
    PrintStream err = System.err;
    AtomicInteger brokenWrites = new AtomicInteger();
    try (Mount mount = Projection.builder(new FailingProvider()).concurrentThreadCount(1)
        .poolThreadCount(2).build().mount(mnt)) {
      if (brokenLogging) {
        System.setErr(new PrintStream(OutputStream.nullOutputStream()) { // slf4j-simple's target
          @Override
          public void write(byte[] b, int off, int len) {
            brokenWrites.incrementAndGet();
            throw new NoClassDefFoundError("org/slf4j/helpers/MessageFormatter");
          }

          @Override
          public void write(int b) {
            brokenWrites.incrementAndGet();
            throw new NoClassDefFoundError("org/slf4j/helpers/MessageFormatter");
          }
        });
      }
      try {
        // Several times as many failures as there are readers, each on a reader thread.
        for (int i = 0; i < 4 * Readers.places(1, 2); i++) {
          FuseTests.Result read = FuseTests.run("cat", mnt.resolve("bad.bin").toString());
          assertThat(read.exit()).as("cat bad.bin").isNotZero();
          assertThat(read.err()).contains("Input/output error");
          FuseTests.Result stat = FuseTests.run("stat", mnt.resolve("bad-name").toString());
          assertThat(stat.exit()).as("stat bad-name").isNotZero();
        }
        assertThat(output("cat", mnt.resolve("hello.txt").toString())).isEqualTo("hello\n");
        if (brokenLogging) {
          assertThat(brokenWrites).as("log lines that threw").hasPositiveValue();
        }
      } finally {
        System.setErr(err); // before the unmount, which logs
      }
    } finally {
      FuseTests.forceUnmount(mnt);
    }
  }
}
