package dev.holofs.projfs;

import com.sun.jna.Structure.FieldOrder;

/** {@code PRJ_VIRTUALIZATION_INSTANCE_INFO}: the instance id and the alignment data writes need. */
@FieldOrder({"InstanceID", "WriteAlignment"})
public final class PrjVirtualizationInstanceInfo extends AbiStructure {

  public Guid InstanceID;
  public int WriteAlignment;

  @Override
  String abiName() {
    return "PRJ_VIRTUALIZATION_INSTANCE_INFO";
  }
}
