package dev.holofs.projfs;

import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.WString;

/** {@code PRJ_EXTENDED_INFO}: extra information for a placeholder or an entry; a symlink's target. */
@FieldOrder({"InfoType", "NextInfoOffset", "DUMMYUNIONNAME"})
public final class PrjExtendedInfo extends AbiStructure {

  public int InfoType;
  public int NextInfoOffset;
  public Info DUMMYUNIONNAME = new Info();

  /** The extended info of a symbolic link to {@code target} (a Windows path). */
  static PrjExtendedInfo symlink(String target) {
    PrjExtendedInfo info = new PrjExtendedInfo();
    info.InfoType = Prj.PRJ_EXT_INFO_TYPE_SYMLINK;
    info.DUMMYUNIONNAME.setType(Symlink.class);
    info.DUMMYUNIONNAME.Symlink.TargetName = new WString(target);
    return info;
  }

  @Override
  String abiName() {
    return "PRJ_EXTENDED_INFO";
  }

  /** The anonymous union; one member so far. */
  public static final class Info extends AbiUnion {
    public Symlink Symlink = new Symlink();

    @Override
    String abiName() {
      return "PRJ_EXTENDED_INFO.DUMMYUNIONNAME";
    }
  }

  /** The union's {@code Symlink} member. */
  @FieldOrder({"TargetName"})
  public static final class Symlink extends AbiStructure {
    public WString TargetName;

    @Override
    String abiName() {
      return "PRJ_EXTENDED_INFO.DUMMYUNIONNAME.Symlink";
    }
  }
}
