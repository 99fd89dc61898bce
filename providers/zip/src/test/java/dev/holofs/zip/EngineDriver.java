package dev.holofs.zip;

import dev.holofs.engine.Engine;
import dev.holofs.spi.Collation;
import dev.holofs.spi.DataSink;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.PlaceholderVersion;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.spi.Provider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Drives a provider through the engine with no kernel: list, stat and read as an adapter would. */
final class EngineDriver implements AutoCloseable {

  final Engine engine;

  EngineDriver(Provider provider) {
    this.engine = new Engine(provider, 2, 4, Collation.BYTE_ORDER);
  }

  PlaceholderInfo stat(String path) throws Exception {
    return await(engine.getPlaceholder(ProjectedPath.of(path), 0).result());
  }

  /** The directory's entries in listing order, fetched a few at a time like readdir. */
  Map<String, PlaceholderInfo> list(String path) throws Exception {
    long session = await(engine.startEnumeration(ProjectedPath.of(path), 0).result());
    Map<String, PlaceholderInfo> out = new LinkedHashMap<>();
    try {
      while (true) {
        int[] room = {7};
        int before = out.size();
        await(engine.getEnumeration(session, null, false, (name, info) -> {
          if (room[0]-- <= 0) {
            return false;
          }
          out.put(name, info);
          return true;
        }, 0).result());
        if (out.size() == before) {
          return out;
        }
      }
    } finally {
      engine.endEnumeration(session);
    }
  }

  byte[] read(String path, long offset, int length) throws Exception {
    Sink sink = new Sink(offset, length);
    await(engine.getFileData(ProjectedPath.of(path), offset, length, sink, 0, PlaceholderVersion.NONE).result());
    return sink.bytes.toByteArray();
  }

  byte[] readAll(String path, int piece) throws Exception {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (long off = 0; ; off += piece) {
      byte[] b = read(path, off, piece);
      all.write(b);
      if (b.length < piece) {
        return all.toByteArray();
      }
    }
  }

  /** The provider's exception for a failed call. */
  static Throwable failure(ThrowingCall call) {
    try {
      call.run();
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      return e;
    }
    throw new AssertionError("the call succeeded");
  }

  interface ThrowingCall {
    void run() throws Exception;
  }

  private static <T> T await(java.util.concurrent.CompletableFuture<T> f)
      throws InterruptedException, ExecutionException, TimeoutException {
    return f.get(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    engine.close();
  }

  private static final class Sink implements DataSink {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final long offset;
    private final int length;

    Sink(long offset, int length) {
      this.offset = offset;
      this.length = length;
    }

    @Override
    public void write(ByteBuffer data) throws IOException {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      bytes.write(b);
    }

    @Override
    public long position() {
      return offset + bytes.size();
    }

    @Override
    public int remaining() {
      return length - bytes.size();
    }
  }
}
