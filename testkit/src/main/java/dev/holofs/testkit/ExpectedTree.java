package dev.holofs.testkit;

import dev.holofs.spi.Collation;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The tree a provider is expected to project, for {@link ProviderConformanceTest}: every item's
 * type, size, and content (the bytes, or their SHA-256) or symlink target. Parent directories are
 * implied.
 *
 * <pre>{@code
 * ExpectedTree.builder()
 *     .file("docs/readme.txt", "hello".getBytes(UTF_8))
 *     .file("big.bin", 64L << 20, "3b7e…")   // size and SHA-256 (hex)
 *     .directory("empty")
 *     .symlink("link", "docs/readme.txt")
 *     .build();
 * }</pre>
 */
public final class ExpectedTree {

  /**
   * One expected item.
   *
   * @param path where it is
   * @param type file, directory or symlink
   * @param size a file's size (0 for directories; for links, not checked)
   * @param content a file's bytes, or null if only {@code sha256} is known
   * @param sha256 a file's SHA-256 in lowercase hex, or null for other types
   * @param target a link's target, or null
   */
  public record Item(ProjectedPath path, PlaceholderInfo.Type type, long size, byte[] content,
      String sha256, String target) {}

  private final Map<ProjectedPath, Item> items;

  private ExpectedTree(Map<ProjectedPath, Item> items) {
    this.items = Collections.unmodifiableMap(new LinkedHashMap<>(items));
  }

  /** A builder holding only the root directory. */
  public static Builder builder() {
    return new Builder();
  }

  /** Every item, the root included, by path. */
  public Map<ProjectedPath, Item> items() {
    return items;
  }

  /** The item at {@code path}, or null. */
  public Item get(ProjectedPath path) {
    return items.get(path);
  }

  /** The directories, the root first. */
  public List<ProjectedPath> directories() {
    return items.values().stream()
        .filter(i -> i.type() == PlaceholderInfo.Type.DIRECTORY).map(Item::path).toList();
  }

  /** The files. */
  public List<Item> files() {
    return items.values().stream().filter(i -> i.type() == PlaceholderInfo.Type.FILE).toList();
  }

  /** The names directly in {@code directory}, sorted by {@code collation}. */
  public List<String> childNames(ProjectedPath directory, Collation collation) {
    List<String> names = new ArrayList<>();
    for (ProjectedPath p : items.keySet()) {
      if (!p.isRoot() && p.parent().equals(directory)) {
        names.add(p.name());
      }
    }
    names.sort(collation);
    return names;
  }

  /** SHA-256 of {@code bytes} in lowercase hex. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Builds an {@link ExpectedTree}. */
  public static final class Builder {
    private final Map<ProjectedPath, Item> items = new LinkedHashMap<>();

    private Builder() {
      put(new Item(ProjectedPath.ROOT, PlaceholderInfo.Type.DIRECTORY, 0, null, null, null));
    }

    /** A directory; listing one again, or one already implied as a parent, is allowed. */
    public Builder directory(String path) {
      return put(new Item(ProjectedPath.of(path), PlaceholderInfo.Type.DIRECTORY, 0, null, null, null));
    }

    /** A file known by its bytes (copied). */
    public Builder file(String path, byte[] content) {
      return put(new Item(ProjectedPath.of(path), PlaceholderInfo.Type.FILE, content.length,
          content.clone(), sha256(content), null));
    }

    /** A file known by its size and SHA-256 (hex), for contents too large to keep. */
    public Builder file(String path, long size, String sha256) {
      return put(new Item(ProjectedPath.of(path), PlaceholderInfo.Type.FILE, size, null,
          sha256.toLowerCase(java.util.Locale.ROOT), null));
    }

    /** A symbolic link to {@code target}. */
    public Builder symlink(String path, String target) {
      return put(new Item(ProjectedPath.of(path), PlaceholderInfo.Type.SYMLINK,
          target.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, null, null,
          Objects.requireNonNull(target)));
    }

    private Builder put(Item item) {
      for (ProjectedPath p = item.path().parent(); p != null && !items.containsKey(p); p = p.parent()) {
        items.put(p, new Item(p, PlaceholderInfo.Type.DIRECTORY, 0, null, null, null));
      }
      Item existing = items.get(item.path());
      if (existing != null && existing.type() == PlaceholderInfo.Type.DIRECTORY
          && item.type() == PlaceholderInfo.Type.DIRECTORY) {
        return this;
      }
      if (existing != null) {
        throw new IllegalArgumentException("listed twice: " + item.path());
      }
      items.put(item.path(), item);
      return this;
    }

    /** The tree; throws {@link IllegalArgumentException} if an item lies under a file or link. */
    public ExpectedTree build() {
      for (Item i : items.values()) {
        ProjectedPath parent = i.path().parent();
        if (parent != null && items.get(parent).type() != PlaceholderInfo.Type.DIRECTORY) {
          throw new IllegalArgumentException(i.path() + " is under a " + items.get(parent).type());
        }
      }
      return new ExpectedTree(items);
    }
  }
}
