package dev.holofs.examples.hello;

import dev.holofs.spi.Command;
import dev.holofs.spi.DataSink;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.EnumerationRequest;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.spi.Provider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;

/** The smallest useful provider: a root holding one file, {@code hello.txt}. */
public final class HelloProvider implements Provider {

  /** The name of the one file. */
  public static final String NAME = "hello.txt";

  /** Its bytes. */
  private static final byte[] HELLO = "Hello, world!\n".getBytes(StandardCharsets.UTF_8);

  private static final PlaceholderInfo FILE = PlaceholderInfo.file(HELLO.length).build();

  @Override
  public void enumerate(EnumerationRequest request, EntrySink sink) throws IOException {
    if (!request.directory().isRoot()) {
      throw new NoSuchFileException(request.directory().toString());
    }
    if (request.resumeAfter() == null) { // one entry: nothing to resume after it
      sink.add(NAME, FILE);
    }
  }

  @Override
  public PlaceholderInfo getPlaceholder(Command command, ProjectedPath path) {
    return path.toString().equals(NAME) ? FILE : null;
  }

  @Override
  public void getFileData(Command command, ProjectedPath path, long offset, int length,
      DataSink sink) throws IOException {
    if (!path.toString().equals(NAME)) {
      throw new NoSuchFileException(path.toString());
    }
    int from = (int) Math.min(offset, HELLO.length);
    sink.write(ByteBuffer.wrap(HELLO, from, Math.min(length, HELLO.length - from)));
  }

  /** Its bytes (a copy). */
  public static byte[] content() {
    return HELLO.clone();
  }
}
