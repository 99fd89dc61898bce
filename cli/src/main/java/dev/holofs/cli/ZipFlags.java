package dev.holofs.cli;

import dev.holofs.zip.ZipOptions;
import picocli.CommandLine.Option;

/** The {@code holofs mount} options of {@code zip:} sources; a picocli mixin. */
final class ZipFlags {

  @Option(names = "--cache-size", paramLabel = "SIZE", converter = SizeConverter.class,
      description = "zip: only: the memory the zip provider may use for inflated data, restart "
          + "points and inflaters, in bytes or with K, M, G (e.g. 64M). Default: 24M, or 3/8 of "
          + "the JVM's heap if that is less. At most half the heap: for more, give the JVM a "
          + "larger heap with HOLOFS_JAVA_OPTS=-Xmx...")
  Long cacheSize;

  /** The zip options these flags ask for, checked against this JVM's heap. */
  ZipOptions options() throws UserException {
    long heap = Runtime.getRuntime().maxMemory();
    long half = heap / 2;
    if (cacheSize == null) {
      // The rest of the heap holds the archive's tree, the kernel's inodes and the garbage.
      long size = Math.min(ZipOptions.DEFAULT_CACHE_SIZE, heap * 3 / 8);
      return ZipOptions.defaults().withCacheSize(Math.max(2L << 20, size));
    }
    if (cacheSize > half) {
      long mib = (2 * cacheSize + (32L << 20) + (1 << 20) - 1) >> 20;
      throw new UserException("--cache-size " + SizeConverter.show(cacheSize) + " does not fit in "
          + "this JVM's heap of " + SizeConverter.show(2 * half) + " (a cache may take half of it);"
          + " give the JVM a larger heap with HOLOFS_JAVA_OPTS=-Xmx" + mib + "m");
    }
    try {
      return ZipOptions.defaults().withCacheSize(cacheSize);
    } catch (IllegalArgumentException e) {
      throw new UserException("--cache-size " + SizeConverter.show(cacheSize) + " is too small: "
          + "the zip provider needs at least " + SizeConverter.show(ZipOptions.MIN_CACHE_SIZE));
    }
  }
}
