package dev.holofs.spi;

import java.util.Arrays;
import java.util.List;

/**
 * A path inside a projection, relative to its root, with {@code /} between names; the root is the
 * empty path. Every name is {@link FileNames#isValidName valid}, so a path never escapes the root.
 */
public final class ProjectedPath implements Comparable<ProjectedPath> {

  /** The projection root. */
  public static final ProjectedPath ROOT = new ProjectedPath("", null, "");

  private final String path;
  private final ProjectedPath parent;
  /** The last name, kept: providers walk their trees by it on every request. */
  private final String name;

  private ProjectedPath(String path, ProjectedPath parent, String name) {
    this.path = path;
    this.parent = parent;
    this.name = name;
  }

  /**
   * Parses {@code a/b/c}; {@code ""} is the root.
   *
   * @throws IllegalArgumentException if a name is empty, {@code .}, {@code ..} or holds NUL
   */
  public static ProjectedPath of(String path) {
    ProjectedPath p = ROOT;
    if (path.isEmpty()) {
      return p;
    }
    for (String name : path.split("/", -1)) {
      p = p.resolve(name);
    }
    return p;
  }

  /**
   * The child {@code name} of this path.
   *
   * @throws IllegalArgumentException if {@code name} is not a valid single name
   */
  public ProjectedPath resolve(String name) {
    if (!FileNames.isValidName(name)) {
      throw new IllegalArgumentException("invalid name: \"" + Printable.of(name) + "\"");
    }
    return new ProjectedPath(isRoot() ? name : path + "/" + name, this, name);
  }

  /** Whether this is the projection root, the empty path. */
  public boolean isRoot() {
    return parent == null;
  }

  /** The parent, or {@code null} for the root. */
  public ProjectedPath parent() {
    return parent;
  }

  /** The last name, or {@code ""} for the root. */
  public String name() {
    return name;
  }

  /** The names from the root down. */
  public List<String> names() {
    return isRoot() ? List.of() : Arrays.asList(path.split("/"));
  }

  @Override
  public int compareTo(ProjectedPath o) {
    return FileNames.compareCodePoints(path, o.path);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProjectedPath p && path.equals(p.path);
  }

  @Override
  public int hashCode() {
    return path.hashCode();
  }

  /** The path as {@code a/b/c}; {@code ""} for the root. */
  @Override
  public String toString() {
    return path;
  }
}
