package dev.holofs.hcs;

/** Receives a compute system's events ({@code HCS_EVENT_CALLBACK}); called on an engine thread, one event at a time. */
@FunctionalInterface
public interface EventCallback {

  /** Handles one event; what it throws is logged and dropped. */
  void onEvent(HcsEvent event);
}
