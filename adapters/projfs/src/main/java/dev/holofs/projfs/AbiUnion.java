package dev.holofs.projfs;

import com.sun.jna.Union;

/** A ProjFS union; see {@link AbiStructure}. */
abstract class AbiUnion extends Union {

  /** The C type's name as the recorded layouts spell it. */
  abstract String abiName();

  /** The offset of member {@code name} (0 for every member); public for the layout test. */
  @Override
  public int fieldOffset(String name) {
    return super.fieldOffset(name);
  }

  /** The alignment of the whole union. */
  public int alignment() {
    size();
    return getStructAlignment();
  }
}
