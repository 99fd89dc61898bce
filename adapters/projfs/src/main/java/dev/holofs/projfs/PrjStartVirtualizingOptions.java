package dev.holofs.projfs;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;

/** {@code PRJ_STARTVIRTUALIZING_OPTIONS}: ProjFS's pool sizes and the notification mappings. */
@FieldOrder({"Flags", "PoolThreadCount", "ConcurrentThreadCount", "NotificationMappings",
    "NotificationMappingsCount"})
public final class PrjStartVirtualizingOptions extends AbiStructure {

  public int Flags;
  public int PoolThreadCount;
  public int ConcurrentThreadCount;
  /** The first of {@link #NotificationMappingsCount} contiguous {@link PrjNotificationMapping}s. */
  public Pointer NotificationMappings;
  public int NotificationMappingsCount;

  @Override
  String abiName() {
    return "PRJ_STARTVIRTUALIZING_OPTIONS";
  }
}
