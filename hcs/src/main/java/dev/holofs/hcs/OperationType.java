package dev.holofs.hcs;

/** What an {@link Operation} tracks: {@code HCS_OPERATION_TYPE}, with its native values. */
public enum OperationType {
  /** Not used by a call yet ({@code HcsOperationTypeNone}). */
  NONE(-1),
  /** {@code HcsOperationTypeEnumerate}. */
  ENUMERATE(0),
  /** {@code HcsOperationTypeCreate}. */
  CREATE(1),
  /** {@code HcsOperationTypeStart}. */
  START(2),
  /** {@code HcsOperationTypeShutdown}. */
  SHUTDOWN(3),
  /** {@code HcsOperationTypePause}. */
  PAUSE(4),
  /** {@code HcsOperationTypeResume}. */
  RESUME(5),
  /** {@code HcsOperationTypeSave}. */
  SAVE(6),
  /** {@code HcsOperationTypeTerminate}. */
  TERMINATE(7),
  /** {@code HcsOperationTypeModify}. */
  MODIFY(8),
  /** {@code HcsOperationTypeGetProperties}. */
  GET_PROPERTIES(9);

  private final int value;

  OperationType(int value) {
    this.value = value;
  }

  /** The {@code HCS_OPERATION_TYPE} value. */
  public int value() {
    return value;
  }

  /** The type whose native value is {@code value}. */
  public static OperationType of(int value) {
    for (OperationType type : values()) {
      if (type.value == value) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown HCS_OPERATION_TYPE " + value);
  }
}
