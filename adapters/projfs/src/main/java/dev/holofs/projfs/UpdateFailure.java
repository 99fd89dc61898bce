package dev.holofs.projfs;

import java.util.ArrayList;
import java.util.List;

/** {@code PRJ_UPDATE_FAILURE_CAUSES} in words. */
final class UpdateFailure {

  private UpdateFailure() {}

  static String describe(int causes) {
    List<String> words = new ArrayList<>();
    if ((causes & Prj.PRJ_UPDATE_FAILURE_CAUSE_DIRTY_METADATA) != 0) {
      words.add("its metadata was changed on disk");
    }
    if ((causes & Prj.PRJ_UPDATE_FAILURE_CAUSE_DIRTY_DATA) != 0) {
      words.add("its data was changed on disk");
    }
    if ((causes & Prj.PRJ_UPDATE_FAILURE_CAUSE_TOMBSTONE) != 0) {
      words.add("it was deleted on disk");
    }
    if ((causes & Prj.PRJ_UPDATE_FAILURE_CAUSE_READ_ONLY) != 0) {
      words.add("it is read-only");
    }
    int known = Prj.PRJ_UPDATE_FAILURE_CAUSE_DIRTY_METADATA | Prj.PRJ_UPDATE_FAILURE_CAUSE_DIRTY_DATA
        | Prj.PRJ_UPDATE_FAILURE_CAUSE_TOMBSTONE | Prj.PRJ_UPDATE_FAILURE_CAUSE_READ_ONLY;
    if ((causes & ~known) != 0) {
      words.add("cause " + Prj.hex(causes & ~known));
    }
    return String.join(", ", words);
  }
}
