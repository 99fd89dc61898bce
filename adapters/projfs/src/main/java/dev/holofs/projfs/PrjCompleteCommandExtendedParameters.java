package dev.holofs.projfs;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code PRJ_COMPLETE_COMMAND_EXTENDED_PARAMETERS}: what {@code PrjCompleteCommand} needs besides
 * the result; an enumeration's completion names the dir-entry buffer it filled.
 */
@FieldOrder({"CommandType", "DUMMYUNIONNAME"})
public final class PrjCompleteCommandExtendedParameters extends AbiStructure {

  public int CommandType;
  public Parameters DUMMYUNIONNAME = new Parameters();

  /** The parameters completing an enumeration that filled {@code dirEntryBufferHandle}. */
  static PrjCompleteCommandExtendedParameters enumeration(Pointer dirEntryBufferHandle) {
    PrjCompleteCommandExtendedParameters p = new PrjCompleteCommandExtendedParameters();
    p.CommandType = Prj.PRJ_COMPLETE_COMMAND_TYPE_ENUMERATION;
    p.DUMMYUNIONNAME.setType(Enumeration.class);
    p.DUMMYUNIONNAME.Enumeration.DirEntryBufferHandle = dirEntryBufferHandle;
    return p;
  }

  @Override
  String abiName() {
    return "PRJ_COMPLETE_COMMAND_EXTENDED_PARAMETERS";
  }

  /** The anonymous union. */
  public static final class Parameters extends AbiUnion {
    public Notification Notification = new Notification();
    public Enumeration Enumeration = new Enumeration();

    @Override
    String abiName() {
      return "PRJ_COMPLETE_COMMAND_EXTENDED_PARAMETERS.DUMMYUNIONNAME";
    }
  }

  /** A notification's completion: the new notification mask. */
  @FieldOrder({"NotificationMask"})
  public static final class Notification extends AbiStructure {
    public int NotificationMask;

    @Override
    String abiName() {
      return "PRJ_COMPLETE_COMMAND_EXTENDED_PARAMETERS.DUMMYUNIONNAME.Notification";
    }
  }

  /** An enumeration's completion: the buffer it filled. */
  @FieldOrder({"DirEntryBufferHandle"})
  public static final class Enumeration extends AbiStructure {
    public Pointer DirEntryBufferHandle;

    @Override
    String abiName() {
      return "PRJ_COMPLETE_COMMAND_EXTENDED_PARAMETERS.DUMMYUNIONNAME.Enumeration";
    }
  }
}
