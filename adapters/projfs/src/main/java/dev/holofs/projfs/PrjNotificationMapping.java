package dev.holofs.projfs;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.WString;

/** {@code PRJ_NOTIFICATION_MAPPING}: which notifications a subtree of the root sends. */
@FieldOrder({"NotificationBitMask", "NotificationRoot"})
public final class PrjNotificationMapping extends AbiStructure {

  public int NotificationBitMask;
  public WString NotificationRoot;

  public PrjNotificationMapping() {}

  PrjNotificationMapping(Pointer memory) {
    super(memory);
  }

  @Override
  String abiName() {
    return "PRJ_NOTIFICATION_MAPPING";
  }
}
