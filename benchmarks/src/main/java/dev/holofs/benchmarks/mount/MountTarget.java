package dev.holofs.benchmarks.mount;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The directory the mount benchmarks measure: any directory holding the demo tree's items (a
 * holofs {@code demo:} mount, the libfuse peer {@code benchmarks/mount/peer/demo_ll}, or a tmpfs
 * copy). Given as the JMH parameter {@code mount} ({@code -p mount=DIR}) or, when that is empty,
 * the system property {@code holofs.bench.mount}; the benchmarks never mount anything
 * themselves, so the JVM measuring is never the JVM serving.
 */
@State(Scope.Benchmark)
public class MountTarget {

  /** The system property naming the mountpoint when the {@code mount} parameter is empty. */
  public static final String PROPERTY = "holofs.bench.mount";

  /** The mountpoint; see the class comment. */
  @Param("")
  public String mount;

  Path root;
  /** {@code 4k.bin}: 4,096 bytes. */
  Path fourK;
  /** {@code many/}: 1,000 files. */
  Path many;
  /** {@code big/64m.bin}: 64 MiB. */
  Path big;
  /** {@code missing.bin}: not in the tree. */
  Path missing;

  /** Resolves the tree's items and checks they are there, so a wrong directory fails at once. */
  @Setup
  public void resolve() {
    String dir = mount == null || mount.isEmpty() ? System.getProperty(PROPERTY, "") : mount;
    if (dir.isEmpty()) {
      throw new IllegalStateException(
          "no mountpoint: pass -p mount=DIR or -D" + PROPERTY + "=DIR");
    }
    root = Path.of(dir);
    fourK = root.resolve("4k.bin");
    many = root.resolve("many");
    big = root.resolve("big/64m.bin");
    missing = root.resolve("missing.bin");
    try {
      expectSize(fourK, 4096);
      expectSize(big, 64L << 20);
      if (!Files.isDirectory(many)) {
        throw new IllegalStateException(many + " is not a directory: is " + root + " a demo tree?");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(root + " does not hold the demo tree", e);
    }
  }

  private static void expectSize(Path file, long size) throws IOException {
    long actual = Files.size(file);
    if (actual != size) {
      throw new IllegalStateException(file + " has " + actual + " bytes, expected " + size);
    }
  }
}
