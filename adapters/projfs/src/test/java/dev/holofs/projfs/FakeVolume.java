package dev.holofs.projfs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The virtualization root as Windows' file system shows it, played on the fake ProjFS: a name is
 * looked up on disk (a placeholder written earlier) or asked for (GET_PLACEHOLDER_INFO); a file's
 * first read hydrates it whole (one GET_FILE_DATA) and later reads come from disk; links in a path
 * are followed as the I/O manager reparses them; deletes, renames and writes to projected files go
 * through the pre-operation notifications the provider may refuse.
 */
final class FakeVolume {

  private static final int MAX_LINKS = 40;
  private final FakeProjFs fake;
  private final FakeIo io;
  private final Map<String, FakeCommand> hydrating = new ConcurrentHashMap<>();

  FakeVolume(FakeProjFs fake) {
    this.fake = fake;
    this.io = new FakeIo(fake);
  }

  FakeIo io() {
    return io;
  }

  FakeProjFs fake() {
    return fake;
  }

  /**
   * The item at {@code names} (from the root), links followed except, if {@code followLast} is
   * false, the last; and its resolved names.
   */
  Resolved resolve(List<String> names, boolean followLast) throws IOException {
    List<String> todo = new ArrayList<>(names);
    List<String> done = new ArrayList<>();
    FakeState.Placeholder item = root();
    int links = 0;
    while (!todo.isEmpty()) {
      String name = todo.remove(0);
      if (name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        if (!done.isEmpty()) {
          done.remove(done.size() - 1);
        }
        continue;
      }
      if (!item.directory()) {
        throw new NoSuchFileException(String.join("/", done) + "/" + name);
      }
      done.add(name);
      item = stat(String.join("\\", done));
      if (item.symlinkTarget() != null && (followLast || !todo.isEmpty())) {
        if (++links > MAX_LINKS) {
          throw new FileSystemLoopException(String.join("/", names));
        }
        done.remove(done.size() - 1);
        List<String> target = new ArrayList<>(Arrays.asList(item.symlinkTarget().split("\\\\")));
        target.addAll(todo);
        todo = target;
        item = done.isEmpty() ? root() : stat(String.join("\\", done));
      }
    }
    return new Resolved(String.join("\\", done), item);
  }

  /** An item and its path, ProjFS-spelled. */
  record Resolved(String path, FakeState.Placeholder item) {}

  private static FakeState.Placeholder root() {
    return new FakeState.Placeholder(true, 0, 0, Prj.FILE_ATTRIBUTE_DIRECTORY, new byte[128],
        new byte[128], null, false);
  }

  /** The placeholder on disk, or the one the provider writes when asked. */
  private FakeState.Placeholder stat(String path) throws IOException {
    FakeState.Placeholder p = fake.state.placeholders.get(FakeState.key(path));
    if (p != null) {
      return p;
    }
    int hr = await(io.lookup(path), path);
    if (Prj.failed(hr)) {
      throw FakeErrors.exception(hr, path.replace('\\', '/'));
    }
    p = fake.state.placeholders.get(FakeState.key(path));
    if (p == null) {
      fake.violation("GET_PLACEHOLDER_INFO of " + path + " answered S_OK but wrote no placeholder");
      throw new NoSuchFileException(path);
    }
    return p;
  }

  /** The whole content of the file at {@code path}, hydrating it on the first read. */
  byte[] content(Resolved file) throws IOException {
    byte[] bytes = fake.state.hydrated.get(FakeState.key(file.path()));
    if (bytes != null) {
      return bytes;
    }
    FakeCommand read = hydrating.computeIfAbsent(FakeState.key(file.path()),
        k -> io.read(file.path(), 0, (int) file.item().size(), file.item().size()).command());
    try {
      int hr = await(read, file.path());
      if (Prj.failed(hr)) {
        throw FakeErrors.exception(hr, file.path().replace('\\', '/'));
      }
      FakeState.Stream stream = (FakeState.Stream) read.target;
      if (!stream.complete()) {
        throw new IOException(file.path() + ": GET_FILE_DATA answered S_OK with bytes missing");
      }
      fake.state.hydrated.put(FakeState.key(file.path()), stream.bytes);
      return stream.bytes;
    } finally {
      hydrating.remove(FakeState.key(file.path()), read);
    }
  }

  /** Cancels the hydration of {@code path}, as an abandoned read makes ProjFS do. */
  void abandon(String path) {
    FakeCommand read = hydrating.get(FakeState.key(path));
    if (read != null) {
      io.cancel(read);
    }
  }

  /** A pre-operation notification; a failure HRESULT refuses the operation. */
  void check(String path, int notification) throws IOException {
    try {
      int hr = io.notify(path, notification);
      if (Prj.failed(hr)) {
        throw FakeErrors.exception(hr, path.replace('\\', '/'));
      }
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  private int await(FakeCommand c, String path) throws IOException {
    try {
      return c.answer.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      io.cancel(c);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(path);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException(path + ": " + e, e);
    }
  }
}
