package dev.holofs.hcs;

/** {@code HCS_EVENT_OPTIONS}: what a compute system's event callback receives besides system events. */
public enum EventOptions {
  /** {@code HcsEventOptionNone}: system events only. */
  NONE(0),
  /**
   * {@code HcsEventOptionEnableOperationCallbacks}: completions of operations without a callback
   * of their own arrive as {@link HcsEventType#OPERATION_CALLBACK} events; from then on an
   * operation with its own callback is refused.
   */
  ENABLE_OPERATION_CALLBACKS(1);

  private final int value;

  EventOptions(int value) {
    this.value = value;
  }

  /** The {@code HCS_EVENT_OPTIONS} value. */
  public int value() {
    return value;
  }
}
