package dev.holofs.projfs;

import com.sun.jna.WString;
import dev.holofs.spi.ProjectedPath;

/** Paths as ProjFS spells them (relative to the root, {@code \} between names) and holofs's. */
final class WindowsPaths {

  private WindowsPaths() {}

  /**
   * The projected path of ProjFS's {@code path}; {@code ""} is the root.
   *
   * @throws IllegalArgumentException if a name in it is not valid
   */
  static ProjectedPath toProjected(String path) {
    ProjectedPath p = ProjectedPath.ROOT;
    if (path == null || path.isEmpty()) {
      return p;
    }
    for (String name : path.split("\\\\", -1)) {
      p = p.resolve(name);
    }
    return p;
  }

  /** {@code path} as ProjFS spells it. */
  static WString toWindows(ProjectedPath path) {
    return new WString(path.toString().replace('/', '\\'));
  }

  /**
   * Whether Windows can show {@code name}: no control characters and none of {@code \ / : * ? " < > |}
   * (a Linux source may well have such names; they are left out of listings).
   */
  static boolean isValidName(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || "\\/:*?\"<>|".indexOf(c) >= 0) {
        return false;
      }
    }
    return !name.isEmpty() && !name.equals(".") && !name.equals("..");
  }
}
