package dev.holofs.hcs;

/**
 * An event of a compute system ({@code HCS_EVENT}).
 *
 * @param type what happened
 * @param eventData its JSON document (e.g. the exit status of {@link HcsEventType#SYSTEM_EXITED}),
 *     or null
 * @param operation the completed operation of an {@link HcsEventType#OPERATION_CALLBACK}, else null
 */
public record HcsEvent(HcsEventType type, String eventData, Operation operation) {}
