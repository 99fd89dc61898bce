package dev.holofs.projfs;

import dev.holofs.spi.Command;
import dev.holofs.spi.DataSink;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.EnumerationRequest;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.PlaceholderVersion;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.spi.Provider;
import java.io.IOException;
import java.util.List;

/** A provider that notes the version each read was handed, and otherwise asks another. */
final class VersionRecorder implements Provider {

  private final Provider delegate;
  private final List<PlaceholderVersion> seen;

  VersionRecorder(Provider delegate, List<PlaceholderVersion> seen) {
    this.delegate = delegate;
    this.seen = seen;
  }

  @Override
  public void enumerate(EnumerationRequest request, EntrySink sink) throws IOException {
    delegate.enumerate(request, sink);
  }

  @Override
  public PlaceholderInfo getPlaceholder(Command command, ProjectedPath path) throws IOException {
    return delegate.getPlaceholder(command, path);
  }

  @Override
  public void getFileData(Command command, ProjectedPath path, long offset, int length,
      DataSink sink) throws IOException {
    synchronized (seen) {
      seen.add(command.version());
    }
    delegate.getFileData(command, path, offset, length, sink);
  }
}
