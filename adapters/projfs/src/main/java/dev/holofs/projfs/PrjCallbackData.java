package dev.holofs.projfs;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;

/** {@code PRJ_CALLBACK_DATA}: what ProjFS passes to every callback; valid only during the callback. */
@FieldOrder({"Size", "Flags", "NamespaceVirtualizationContext", "CommandId", "FileId",
    "DataStreamId", "FilePathName", "VersionInfo", "TriggeringProcessId",
    "TriggeringProcessImageFileName", "InstanceContext"})
public final class PrjCallbackData extends AbiStructure {

  public int Size;
  public int Flags;
  public Pointer NamespaceVirtualizationContext;
  public int CommandId;
  public Guid FileId;
  public Guid DataStreamId;
  public Pointer FilePathName;
  public Pointer VersionInfo;
  public int TriggeringProcessId;
  public Pointer TriggeringProcessImageFileName;
  public Pointer InstanceContext;

  public PrjCallbackData() {}

  /** The callback data ProjFS handed over at {@code memory}, read. */
  PrjCallbackData(Pointer memory) {
    super(memory);
    read();
  }

  @Override
  String abiName() {
    return "PRJ_CALLBACK_DATA";
  }
}
