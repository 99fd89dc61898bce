package dev.holofs.projfs;

import com.sun.jna.WString;
import dev.holofs.spi.PlaceholderInfo;
import java.time.Instant;

/** holofs's {@link PlaceholderInfo} in ProjFS's structures. */
final class Placeholders {

  /** 100-ns intervals between 1601-01-01 (FILETIME's epoch) and 1970-01-01. */
  private static final long FILETIME_UNIX_EPOCH = 116_444_736_000_000_000L;

  private Placeholders() {}

  /** {@code info} as {@code PRJ_PLACEHOLDER_INFO}, its version included. */
  static PrjPlaceholderInfo placeholderInfo(PlaceholderInfo info) {
    PrjPlaceholderInfo p = new PrjPlaceholderInfo();
    fill(p.FileBasicInfo, info);
    p.VersionInfo.set(info.version());
    return p;
  }

  /** The symlink's extended info, or null if {@code info} is not a link. */
  static PrjExtendedInfo extendedInfo(PlaceholderInfo info) {
    return info.isSymlink()
        ? PrjExtendedInfo.symlink(info.symlinkTarget().replace('/', '\\')) : null;
  }

  /** Writes {@code info} into {@code basic}. */
  static void fill(PrjFileBasicInfo basic, PlaceholderInfo info) {
    basic.IsDirectory = (byte) (info.isDirectory() ? 1 : 0);
    basic.FileSize = info.isFile() ? info.size() : 0;
    basic.CreationTime = fileTime(info.creationTime());
    basic.LastAccessTime = fileTime(info.lastAccessTime());
    basic.LastWriteTime = fileTime(info.lastWriteTime());
    basic.ChangeTime = fileTime(info.changeTime());
    basic.FileAttributes = attributes(info);
  }

  /** Windows attributes: directory, or read-only when no one may write. */
  static int attributes(PlaceholderInfo info) {
    if (info.isDirectory()) {
      return Prj.FILE_ATTRIBUTE_DIRECTORY;
    }
    return (info.mode() & 0222) == 0 ? Prj.FILE_ATTRIBUTE_READONLY : Prj.FILE_ATTRIBUTE_NORMAL;
  }

  /** {@code time} as a FILETIME (100-ns intervals since 1601). */
  static long fileTime(Instant time) {
    return FILETIME_UNIX_EPOCH + time.getEpochSecond() * 10_000_000L + time.getNano() / 100;
  }

  /** Writes the placeholder of {@code info} at {@code destination}; the HRESULT. */
  static int write(Instance instance, WString destination, PlaceholderInfo info) {
    PrjPlaceholderInfo p = placeholderInfo(info);
    PrjExtendedInfo extended = extendedInfo(info);
    return instance.call((lib, context) -> extended == null
        ? lib.PrjWritePlaceholderInfo(context, destination, p, p.size())
        : lib.PrjWritePlaceholderInfo2(context, destination, p, p.size(), extended));
  }
}
