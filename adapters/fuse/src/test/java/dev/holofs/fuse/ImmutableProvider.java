package dev.holofs.fuse;

import dev.holofs.spi.Command;
import dev.holofs.spi.DataSink;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.EnumerationRequest;
import dev.holofs.spi.EnumerationSession;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.spi.Provider;
import java.io.IOException;

/**
 * Forwards to a provider and promises its tree never changes, so the mount keeps what it is told
 * for good and reads directories without OPENDIR. Starting and ending a listing are callbacks of
 * their own, placed like any other.
 */
final class ImmutableProvider implements Provider {

  private final Provider tree;

  ImmutableProvider(Provider tree) {
    this.tree = tree;
  }

  @Override
  public boolean isImmutable() {
    return true;
  }

  @Override
  public void startEnumeration(EnumerationSession session) throws IOException {
    tree.startEnumeration(session);
  }

  @Override
  public void endEnumeration(EnumerationSession session) {
    tree.endEnumeration(session);
  }

  @Override
  public void enumerate(EnumerationRequest request, EntrySink sink) throws IOException {
    tree.enumerate(request, sink);
  }

  @Override
  public PlaceholderInfo getPlaceholder(Command command, ProjectedPath path) throws IOException {
    return tree.getPlaceholder(command, path);
  }

  @Override
  public void getFileData(Command command, ProjectedPath path, long offset, int length,
      DataSink sink) throws IOException {
    tree.getFileData(command, path, offset, length, sink);
  }
}
