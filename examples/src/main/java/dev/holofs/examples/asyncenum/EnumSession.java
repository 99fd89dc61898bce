package dev.holofs.examples.asyncenum;

import dev.holofs.spi.Collation;
import dev.holofs.spi.PlaceholderInfo;
import java.util.Arrays;
import java.util.List;

/**
 * The provider's own state for one enumeration session: the seed's {@code MY_ENUM_SESSION}. Only
 * one get of a session runs at a time (holofs guarantees it), so its fields need no lock; they are
 * volatile because successive gets run on different threads.
 */
final class EnumSession {

  /** One directory entry: the seed's {@code MY_ENUM_ENTRY}. */
  record EnumEntry(String name, PlaceholderInfo info) {}

  /** The directory's entries as the backing store listed them at the start of the session. */
  private final List<EnumEntry> unsorted;
  /** The entries in collation order, sorted on the first get (the collation comes with it). */
  volatile EnumEntry[] enumHead;
  volatile String searchExpression;
  volatile boolean searchExpressionCaptured;
  /** The index of the entry that did not fit last time, or -1 when there is none. */
  volatile int lastEnumEntry = -1;
  volatile boolean enumCompleted;
  /** The last name added before the bookmark was set: where holofs will say the next call resumes. */
  volatile String lastDelivered;

  EnumSession(List<EnumEntry> entries) {
    this.unsorted = entries;
  }

  /** The entries sorted by {@code collation}, as PrjFileNameCompare would order them. */
  EnumEntry[] entries(Collation collation) {
    EnumEntry[] head = enumHead;
    if (head == null) {
      head = unsorted.toArray(EnumEntry[]::new);
      Arrays.sort(head, (a, b) -> collation.compare(a.name(), b.name()));
      enumHead = head;
    }
    return head;
  }

  /** The index of the first entry strictly after {@code name}. */
  int indexAfter(String name, Collation collation) {
    EnumEntry[] head = enumHead;
    return collation.indexAfter(head.length, i -> head[i].name(), name);
  }
}
