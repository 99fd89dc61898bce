package dev.holofs.testkit;

import dev.holofs.spi.Collation;
import dev.holofs.spi.Command;
import dev.holofs.spi.DataSink;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.EnumerationRequest;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.spi.Provider;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * One directory {@code big} of numbered, mixed-case names; no file content. Answers synchronously,
 * or, given an executor, defers every enumeration to it.
 */
final class NumberedProvider implements Provider {

  static final PlaceholderInfo FILE = PlaceholderInfo.file(0).build();

  private final String[] names;
  private final Map<Collation, List<String>> sorted = new ConcurrentHashMap<>();
  private final ExecutorService async;

  NumberedProvider(int count, ExecutorService async) {
    this.names = new String[count];
    for (int i = 0; i < count; i++) {
      names[i] = (i % 3 == 0 ? "Item-" : "item-") + i;
    }
    this.async = async;
  }

  List<String> names(Collation collation) {
    return sorted.computeIfAbsent(collation, c -> {
      String[] copy = names.clone();
      Arrays.sort(copy, c);
      return List.of(copy);
    });
  }

  @Override
  public void enumerate(EnumerationRequest request, EntrySink sink) throws IOException {
    if (!request.directory().toString().equals("big")) {
      throw new NoSuchFileException(request.directory().toString());
    }
    if (async == null) {
      fill(request, sink);
      return;
    }
    request.command().defer(CompletableFuture.runAsync(() -> fill(request, sink), async));
  }

  private void fill(EnumerationRequest request, EntrySink sink) {
    List<String> list = names(request.collation());
    int i = request.resumeAfter() == null ? 0
        : request.collation().indexAfter(list.size(), list::get, request.resumeAfter());
    for (; i < list.size() && !request.command().isCancelled(); i++) {
      if (!sink.add(list.get(i), FILE)) {
        return;
      }
    }
  }

  @Override
  public PlaceholderInfo getPlaceholder(Command command, ProjectedPath path) {
    if (path.toString().equals("big")) {
      return PlaceholderInfo.directory().build();
    }
    return path.parent() != null && path.parent().toString().equals("big")
        && Arrays.asList(names).contains(path.name()) ? FILE : null;
  }

  @Override
  public void getFileData(Command command, ProjectedPath path, long offset, int length, DataSink sink) {}
}
