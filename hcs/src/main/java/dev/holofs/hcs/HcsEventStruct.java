package dev.holofs.hcs;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/** The JNA structures of computecore.dll (JNA reads public fields of a public class; this holder keeps them out of the API). */
final class HcsEventStruct {

  private HcsEventStruct() {}

  /** {@code HCS_EVENT}: {@code Type} (int), {@code EventData} (PCWSTR), {@code Operation}. */
  @Structure.FieldOrder({"Type", "EventData", "Operation"})
  public static final class Event extends Structure {

    /** {@code HCS_EVENT_TYPE}. */
    public int Type;
    /** The event's JSON document (UTF-16), or null. */
    public Pointer EventData;
    /** The completed operation of an operation callback event. */
    public Pointer Operation;

    /** An empty struct (for writing one). */
    public Event() {
      super();
    }

    /** The struct at {@code p}, read. */
    public Event(Pointer p) {
      super(p);
      read();
    }

    /** Offsets for the layout test ({@code Structure.fieldOffset} is protected). */
    int offsetOf(String field) {
      return fieldOffset(field);
    }
  }
}
