package dev.holofs.s3;

import dev.holofs.spi.FileNames;
import dev.holofs.spi.ProjectedPath;
import java.nio.charset.StandardCharsets;

/** How projected paths map to S3 keys under the projection's prefix, and which names are valid. */
final class Keys {

  /** Longest name in bytes Linux accepts (NAME_MAX). */
  static final int NAME_MAX = 255;

  private final String prefix;

  /** @param prefix empty, or ending in {@code /} */
  Keys(String prefix) {
    this.prefix = prefix;
  }

  /** The key of a file at {@code path}. */
  String objectKey(ProjectedPath path) {
    return prefix + path;
  }

  /** The listing prefix of the directory at {@code path}: its key and {@code /}. */
  String directoryPrefix(ProjectedPath path) {
    return path.isRoot() ? prefix : prefix + path + "/";
  }

  /** Whether {@code name}, one component of a key, can be a file name here. */
  static boolean isValidName(String name) {
    return FileNames.isValidName(name) && name.getBytes(StandardCharsets.UTF_8).length <= NAME_MAX;
  }

  /** Whether every {@code /}-separated component of {@code path} is a valid name. */
  static boolean isValidPath(String path) {
    for (String name : path.split("/", -1)) {
      if (!isValidName(name)) {
        return false;
      }
    }
    return true;
  }
}
