package dev.holofs.projfs;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;
import java.nio.ByteBuffer;
import java.util.UUID;

/** {@code GUID}: 16 bytes; holofs only compares them, so the byte order of the parts is kept as is. */
@FieldOrder({"Data1", "Data2", "Data3", "Data4"})
public final class Guid extends AbiStructure {

  public int Data1;
  public short Data2;
  public short Data3;
  public byte[] Data4 = new byte[8];

  /** An all-zero GUID. */
  public Guid() {}

  /** The GUID with these 16 bytes, in memory order. */
  static Guid of(UUID id) {
    Guid g = new Guid();
    ByteBuffer b = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits());
    g.getPointer().write(0, b.array(), 0, 16);
    g.read();
    return g;
  }

  /** The 16 bytes at {@code memory}, as a UUID (the same bytes, in memory order). */
  static UUID read(Pointer memory) {
    ByteBuffer b = ByteBuffer.wrap(memory.getByteArray(0, 16));
    return new UUID(b.getLong(), b.getLong());
  }

  @Override
  String abiName() {
    return "GUID";
  }
}
