package dev.holofs.projfs;

import com.sun.jna.Structure.FieldOrder;

/**
 * {@code PRJ_PLACEHOLDER_INFO}: basic info, the (unused) EA, security and streams blocks, the
 * version, and one byte of variable data that holofs never fills.
 */
@FieldOrder({"FileBasicInfo", "EaInformation", "SecurityInformation", "StreamsInformation",
    "VersionInfo", "VariableData"})
public final class PrjPlaceholderInfo extends AbiStructure {

  public PrjFileBasicInfo FileBasicInfo = new PrjFileBasicInfo();
  public EaInformation EaInformation = new EaInformation();
  public SecurityInformation SecurityInformation = new SecurityInformation();
  public StreamsInformation StreamsInformation = new StreamsInformation();
  public PrjPlaceholderVersionInfo VersionInfo = new PrjPlaceholderVersionInfo();
  public byte[] VariableData = new byte[1];

  @Override
  String abiName() {
    return "PRJ_PLACEHOLDER_INFO";
  }

  /** The anonymous {@code EaInformation} member. */
  @FieldOrder({"EaBufferSize", "OffsetToFirstEa"})
  public static final class EaInformation extends AbiStructure {
    public int EaBufferSize;
    public int OffsetToFirstEa;

    @Override
    String abiName() {
      return "PRJ_PLACEHOLDER_INFO.EaInformation";
    }
  }

  /** The anonymous {@code SecurityInformation} member. */
  @FieldOrder({"SecurityBufferSize", "OffsetToSecurityDescriptor"})
  public static final class SecurityInformation extends AbiStructure {
    public int SecurityBufferSize;
    public int OffsetToSecurityDescriptor;

    @Override
    String abiName() {
      return "PRJ_PLACEHOLDER_INFO.SecurityInformation";
    }
  }

  /** The anonymous {@code StreamsInformation} member. */
  @FieldOrder({"StreamsInfoBufferSize", "OffsetToFirstStreamInfo"})
  public static final class StreamsInformation extends AbiStructure {
    public int StreamsInfoBufferSize;
    public int OffsetToFirstStreamInfo;

    @Override
    String abiName() {
      return "PRJ_PLACEHOLDER_INFO.StreamsInformation";
    }
  }
}
