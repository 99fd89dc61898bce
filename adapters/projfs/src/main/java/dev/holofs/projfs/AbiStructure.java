package dev.holofs.projfs;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * A ProjFS structure: its Java fields carry the C member names and fixed-size types, so JNA lays
 * it out as Windows x64 does. {@link #abiName()} names the C type, against which the layout test
 * checks size, alignment and every member offset. Subclasses are public, with public fields and
 * constructors, only because JNA creates and reads them by reflection.
 */
abstract class AbiStructure extends Structure {

  AbiStructure() {}

  AbiStructure(Pointer memory) {
    super(memory);
  }

  /** The C type's name as the recorded layouts spell it, e.g. {@code PRJ_PLACEHOLDER_INFO.EaInformation}. */
  abstract String abiName();

  /** The offset of member {@code name}; public for the layout test. */
  @Override
  public int fieldOffset(String name) {
    return super.fieldOffset(name);
  }

  /** The alignment of the whole structure. */
  public int alignment() {
    size(); // computes the layout
    return getStructAlignment();
  }
}
