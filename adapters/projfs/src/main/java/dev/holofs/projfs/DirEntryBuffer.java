package dev.holofs.projfs;

import com.sun.jna.Pointer;
import com.sun.jna.WString;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.PlaceholderInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One GET_DIRECTORY_ENUMERATION's buffer as an entry sink: {@code PrjFillDirEntryBuffer} (or
 * {@code PrjFillDirEntryBuffer2} for a link, with its target), and
 * {@code HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER)} as "full".
 */
final class DirEntryBuffer implements EntrySink {

  private static final Logger log = LoggerFactory.getLogger(DirEntryBuffer.class);

  private final Instance instance;
  private final Pointer handle;
  private final boolean singleEntry;
  private final PrjFileBasicInfo basic = new PrjFileBasicInfo();
  private int accepted;
  private boolean full;

  /** @param singleEntry ProjFS's RETURN_SINGLE_ENTRY: the buffer takes one entry at most */
  DirEntryBuffer(Instance instance, Pointer handle, boolean singleEntry) {
    this.instance = instance;
    this.handle = handle;
    this.singleEntry = singleEntry;
  }

  @Override
  public boolean add(String name, PlaceholderInfo info) {
    if (singleEntry && accepted > 0) {
      full = true;
      return false;
    }
    if (!WindowsPaths.isValidName(name)) {
      log.warn("skipping \"{}\": not a valid Windows name", Escape.text(name));
      return true;
    }
    Placeholders.fill(basic, info);
    PrjExtendedInfo extended = Placeholders.extendedInfo(info);
    WString fileName = new WString(name);
    int hr = instance.call((lib, context) -> extended == null
        ? lib.PrjFillDirEntryBuffer(fileName, basic, handle)
        : lib.PrjFillDirEntryBuffer2(handle, fileName, basic, extended));
    if (hr == Prj.HR_ERROR_INSUFFICIENT_BUFFER) {
      full = true;
      return false;
    }
    if (Prj.failed(hr)) {
      throw new IllegalStateException("PrjFillDirEntryBuffer failed: " + Prj.hex(hr));
    }
    accepted++;
    return true;
  }

  /**
   * Whether not even one entry fitted: ProjFS must then hear INSUFFICIENT_BUFFER, not S_OK (which,
   * with nothing added, would end the listing).
   */
  boolean nothingFitted() {
    return full && accepted == 0;
  }
}
