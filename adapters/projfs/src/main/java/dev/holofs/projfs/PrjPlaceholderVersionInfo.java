package dev.holofs.projfs;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;
import dev.holofs.spi.PlaceholderVersion;
import java.util.Arrays;

/**
 * {@code PRJ_PLACEHOLDER_VERSION_INFO}: a placeholder's ProviderID and ContentID, 128 bytes each.
 * ProjFS keeps the whole 128 bytes, so trailing zero bytes of an id do not come back.
 */
@FieldOrder({"ProviderID", "ContentID"})
public final class PrjPlaceholderVersionInfo extends AbiStructure {

  public byte[] ProviderID = new byte[Prj.PRJ_PLACEHOLDER_ID_LENGTH];
  public byte[] ContentID = new byte[Prj.PRJ_PLACEHOLDER_ID_LENGTH];

  public PrjPlaceholderVersionInfo() {}

  PrjPlaceholderVersionInfo(Pointer memory) {
    super(memory);
    read();
  }

  /** The version info of {@code version}, ids zero-padded. */
  static PrjPlaceholderVersionInfo of(PlaceholderVersion version) {
    PrjPlaceholderVersionInfo info = new PrjPlaceholderVersionInfo();
    info.set(version);
    return info;
  }

  void set(PlaceholderVersion version) {
    byte[] provider = version.providerId();
    byte[] content = version.contentId();
    Arrays.fill(ProviderID, (byte) 0);
    Arrays.fill(ContentID, (byte) 0);
    System.arraycopy(provider, 0, ProviderID, 0, provider.length);
    System.arraycopy(content, 0, ContentID, 0, content.length);
  }

  /** The version ProjFS handed back at {@code memory}; NONE for a null pointer. */
  static PlaceholderVersion read(Pointer memory) {
    if (memory == null) {
      return PlaceholderVersion.NONE;
    }
    PrjPlaceholderVersionInfo info = new PrjPlaceholderVersionInfo(memory);
    return PlaceholderVersion.of(trim(info.ProviderID), trim(info.ContentID));
  }

  private static byte[] trim(byte[] id) {
    int n = id.length;
    while (n > 0 && id[n - 1] == 0) {
      n--;
    }
    return Arrays.copyOf(id, n);
  }

  @Override
  String abiName() {
    return "PRJ_PLACEHOLDER_VERSION_INFO";
  }
}
