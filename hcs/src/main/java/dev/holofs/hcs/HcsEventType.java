package dev.holofs.hcs;

/** The kind of an {@link HcsEvent}: {@code HCS_EVENT_TYPE}, with its native values. */
public enum HcsEventType {
  /** {@code HcsEventSystemExited}: the system stopped; the event data is its exit status. */
  SYSTEM_EXITED(0x00000001),
  /** {@code HcsEventSystemCrashInitiated}: the guest crashed (QEMU: a guest panic). */
  SYSTEM_CRASH_INITIATED(0x00000002),
  /** {@code HcsEventSystemCrashReport}: the crash report is available. */
  SYSTEM_CRASH_REPORT(0x00000003),
  /** {@code HcsEventSystemRdpEnhancedModeStateChanged}. */
  SYSTEM_RDP_ENHANCED_MODE_STATE_CHANGED(0x00000004),
  /** {@code HcsEventSystemSiloJobCreated}. */
  SYSTEM_SILO_JOB_CREATED(0x00000005),
  /** {@code HcsEventSystemGuestConnectionClosed}. */
  SYSTEM_GUEST_CONNECTION_CLOSED(0x00000006),
  /** {@code HcsEventProcessExited}. */
  PROCESS_EXITED(0x00010000),
  /** {@code HcsEventOperationCallback}: an operation completed; {@link HcsEvent#operation()} says which. */
  OPERATION_CALLBACK(0x01000000),
  /** {@code HcsEventServiceDisconnect}: the engine lost its connection (QEMU: QMP closed). */
  SERVICE_DISCONNECT(0x02000000);

  private final int value;

  HcsEventType(int value) {
    this.value = value;
  }

  /** The {@code HCS_EVENT_TYPE} value. */
  public int value() {
    return value;
  }

  /** The type whose native value is {@code value}. */
  public static HcsEventType of(int value) {
    for (HcsEventType type : values()) {
      if (type.value == value) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown HCS_EVENT_TYPE " + value);
  }
}
