package dev.holofs.projfs;

import com.sun.jna.Structure.FieldOrder;

/** {@code PRJ_FILE_BASIC_INFO}: kind, size, the four times (FILETIME) and the attributes. */
@FieldOrder({"IsDirectory", "FileSize", "CreationTime", "LastAccessTime", "LastWriteTime",
    "ChangeTime", "FileAttributes"})
public final class PrjFileBasicInfo extends AbiStructure {

  /** BOOLEAN: one byte. */
  public byte IsDirectory;
  public long FileSize;
  public long CreationTime;
  public long LastAccessTime;
  public long LastWriteTime;
  public long ChangeTime;
  public int FileAttributes;

  @Override
  String abiName() {
    return "PRJ_FILE_BASIC_INFO";
  }
}
