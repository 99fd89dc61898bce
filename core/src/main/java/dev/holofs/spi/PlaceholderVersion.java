package dev.holofs.spi;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The version a provider gives an item: ProjFS's {@code PRJ_PLACEHOLDER_VERSION_INFO}, a
 * ProviderID and a ContentID of at most 128 bytes each. holofs hands it back on every later
 * callback for the item, so a provider can serve the bytes of the version it described.
 */
public final class PlaceholderVersion {

  /** ProjFS's {@code PRJ_PLACEHOLDER_ID_LENGTH}. */
  public static final int MAX_LENGTH = 128;

  /** No version. */
  public static final PlaceholderVersion NONE = new PlaceholderVersion(new byte[0], new byte[0]);

  private final byte[] providerId;
  private final byte[] contentId;

  private PlaceholderVersion(byte[] providerId, byte[] contentId) {
    this.providerId = providerId;
    this.contentId = contentId;
  }

  /**
   * A version of the given ids (copied).
   *
   * @throws IllegalArgumentException if either is longer than {@link #MAX_LENGTH}
   */
  public static PlaceholderVersion of(byte[] providerId, byte[] contentId) {
    check(providerId, "providerId");
    check(contentId, "contentId");
    return new PlaceholderVersion(providerId.clone(), contentId.clone());
  }

  /** A version with only a ContentID. */
  public static PlaceholderVersion ofContent(byte[] contentId) {
    return of(new byte[0], contentId);
  }

  private static void check(byte[] id, String what) {
    if (id.length > MAX_LENGTH) {
      throw new IllegalArgumentException(what + " is " + id.length + " bytes; at most " + MAX_LENGTH);
    }
  }

  /** The ProviderID (a copy). */
  public byte[] providerId() {
    return providerId.clone();
  }

  /** The ContentID (a copy). */
  public byte[] contentId() {
    return contentId.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PlaceholderVersion v
        && Arrays.equals(providerId, v.providerId)
        && Arrays.equals(contentId, v.contentId);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(providerId) + Arrays.hashCode(contentId);
  }

  @Override
  public String toString() {
    HexFormat hex = HexFormat.of();
    return "PlaceholderVersion[" + hex.formatHex(providerId) + "/" + hex.formatHex(contentId) + "]";
  }
}
