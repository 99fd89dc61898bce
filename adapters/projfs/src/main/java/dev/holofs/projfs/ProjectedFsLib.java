package dev.holofs.projfs;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * {@code ProjectedFSLib.dll}: the one interface through which the adapter calls ProjFS. On Windows
 * it is JNA's proxy of the DLL ({@link #load()}); tests substitute a fake that plays ProjFS's side.
 *
 * <p>Strings are {@link WString} ({@code PCWSTR}); structures are passed by pointer, written
 * before and read after the call as JNA does; {@code size_t} is a {@code long} (x64 only);
 * {@code BOOLEAN} is a {@code byte}.
 */
interface ProjectedFsLib extends Library {

  /** The DLL, loaded; throws {@link UnsatisfiedLinkError} where it does not exist. */
  static ProjectedFsLib load() {
    return Native.load("ProjectedFSLib", ProjectedFsLib.class);
  }

  int PrjStartVirtualizing(WString virtualizationRootPath, PrjCallbacks callbacks,
      Pointer instanceContext, PrjStartVirtualizingOptions options,
      PointerByReference namespaceVirtualizationContext);

  void PrjStopVirtualizing(Pointer namespaceVirtualizationContext);

  int PrjClearNegativePathCache(Pointer namespaceVirtualizationContext,
      IntByReference totalEntryNumber);

  int PrjGetVirtualizationInstanceInfo(Pointer namespaceVirtualizationContext,
      PrjVirtualizationInstanceInfo virtualizationInstanceInfo);

  int PrjMarkDirectoryAsPlaceholder(WString rootPathName, WString targetPathName,
      PrjPlaceholderVersionInfo versionInfo, Guid virtualizationInstanceID);

  int PrjWritePlaceholderInfo(Pointer namespaceVirtualizationContext, WString destinationFileName,
      PrjPlaceholderInfo placeholderInfo, int placeholderInfoSize);

  int PrjWritePlaceholderInfo2(Pointer namespaceVirtualizationContext, WString destinationFileName,
      PrjPlaceholderInfo placeholderInfo, int placeholderInfoSize, PrjExtendedInfo extendedInfo);

  int PrjUpdateFileIfNeeded(Pointer namespaceVirtualizationContext, WString destinationFileName,
      PrjPlaceholderInfo placeholderInfo, int placeholderInfoSize, int updateFlags,
      IntByReference failureReason);

  int PrjDeleteFile(Pointer namespaceVirtualizationContext, WString destinationFileName,
      int updateFlags, IntByReference failureReason);

  int PrjWriteFileData(Pointer namespaceVirtualizationContext, Guid dataStreamId, Pointer buffer,
      long byteOffset, int length);

  int PrjGetOnDiskFileState(WString destinationFileName, IntByReference fileState);

  Pointer PrjAllocateAlignedBuffer(Pointer namespaceVirtualizationContext, long size);

  void PrjFreeAlignedBuffer(Pointer buffer);

  int PrjCompleteCommand(Pointer namespaceVirtualizationContext, int commandId,
      int completionResult, PrjCompleteCommandExtendedParameters extendedParameters);

  int PrjFillDirEntryBuffer(WString fileName, PrjFileBasicInfo fileBasicInfo,
      Pointer dirEntryBufferHandle);

  int PrjFillDirEntryBuffer2(Pointer dirEntryBufferHandle, WString fileName,
      PrjFileBasicInfo fileBasicInfo, PrjExtendedInfo extendedInfo);

  byte PrjFileNameMatch(WString fileNameToCheck, WString pattern);

  int PrjFileNameCompare(WString fileName1, WString fileName2);

  byte PrjDoesNameContainWildCards(WString fileName);
}
