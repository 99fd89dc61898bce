package dev.holofs.hcs;

import java.util.Locale;
import java.util.Map;

/**
 * The HRESULTs an {@link HcsException} carries: the {@code HCS_E_*} values of the Windows SDK's
 * {@code winerror.h} (see the recorded ABI facts), plus the two generic ones HCS also returns.
 */
public final class HResults {

  /** {@code E_INVALIDARG}. */
  public static final int E_INVALIDARG = 0x80070057;
  /** {@code E_UNEXPECTED}. */
  public static final int E_UNEXPECTED = 0x8000FFFF;
  /** The system was terminated while it started. */
  public static final int HCS_E_TERMINATED_DURING_START = 0x80370100;
  /** The requested state is not valid for the system's current state. */
  public static final int HCS_E_INVALID_STATE = 0x80370105;
  /** The system exited unexpectedly. */
  public static final int HCS_E_UNEXPECTED_EXIT = 0x80370106;
  /** The system was terminated. */
  public static final int HCS_E_TERMINATED = 0x80370107;
  /** The connection to the system's manager (QMP, the HCS service) was closed. */
  public static final int HCS_E_CONNECTION_CLOSED = 0x8037010A;
  /** A document is not valid JSON or does not match the schema. */
  public static final int HCS_E_INVALID_JSON = 0x8037010D;
  /** No system has this id. */
  public static final int HCS_E_SYSTEM_NOT_FOUND = 0x8037010E;
  /** A system with this id exists already. */
  public static final int HCS_E_SYSTEM_ALREADY_EXISTS = 0x8037010F;
  /** The system has stopped already. */
  public static final int HCS_E_SYSTEM_ALREADY_STOPPED = 0x80370110;
  /** The engine is not available here (no QEMU, no computecore.dll). */
  public static final int HCS_E_SERVICE_NOT_AVAILABLE = 0x80370114;
  /** The operation has not been started (no call used it yet). */
  public static final int HCS_E_OPERATION_NOT_STARTED = 0x80370115;
  /** The operation was already used by a call. */
  public static final int HCS_E_OPERATION_ALREADY_STARTED = 0x80370116;
  /** The operation has not completed yet. */
  public static final int HCS_E_OPERATION_PENDING = 0x80370117;
  /** A wait for the operation timed out (the operation goes on). */
  public static final int HCS_E_OPERATION_TIMEOUT = 0x80370118;
  /** The system's event callback delivers completions, so an operation may not have its own. */
  public static final int HCS_E_OPERATION_SYSTEM_CALLBACK_ALREADY_SET = 0x80370119;
  /** Access denied. */
  public static final int HCS_E_ACCESS_DENIED = 0x8037011B;
  /** The system is not configured for this operation. */
  public static final int HCS_E_SYSTEM_NOT_CONFIGURED_FOR_OPERATION = 0x80370120;

  private static final Map<Integer, String> NAMES = Map.ofEntries(
      Map.entry(E_INVALIDARG, "E_INVALIDARG"),
      Map.entry(E_UNEXPECTED, "E_UNEXPECTED"),
      Map.entry(HCS_E_TERMINATED_DURING_START, "HCS_E_TERMINATED_DURING_START"),
      Map.entry(HCS_E_INVALID_STATE, "HCS_E_INVALID_STATE"),
      Map.entry(HCS_E_UNEXPECTED_EXIT, "HCS_E_UNEXPECTED_EXIT"),
      Map.entry(HCS_E_TERMINATED, "HCS_E_TERMINATED"),
      Map.entry(HCS_E_CONNECTION_CLOSED, "HCS_E_CONNECTION_CLOSED"),
      Map.entry(HCS_E_INVALID_JSON, "HCS_E_INVALID_JSON"),
      Map.entry(HCS_E_SYSTEM_NOT_FOUND, "HCS_E_SYSTEM_NOT_FOUND"),
      Map.entry(HCS_E_SYSTEM_ALREADY_EXISTS, "HCS_E_SYSTEM_ALREADY_EXISTS"),
      Map.entry(HCS_E_SYSTEM_ALREADY_STOPPED, "HCS_E_SYSTEM_ALREADY_STOPPED"),
      Map.entry(HCS_E_SERVICE_NOT_AVAILABLE, "HCS_E_SERVICE_NOT_AVAILABLE"),
      Map.entry(HCS_E_OPERATION_NOT_STARTED, "HCS_E_OPERATION_NOT_STARTED"),
      Map.entry(HCS_E_OPERATION_ALREADY_STARTED, "HCS_E_OPERATION_ALREADY_STARTED"),
      Map.entry(HCS_E_OPERATION_PENDING, "HCS_E_OPERATION_PENDING"),
      Map.entry(HCS_E_OPERATION_TIMEOUT, "HCS_E_OPERATION_TIMEOUT"),
      Map.entry(HCS_E_OPERATION_SYSTEM_CALLBACK_ALREADY_SET,
          "HCS_E_OPERATION_SYSTEM_CALLBACK_ALREADY_SET"),
      Map.entry(HCS_E_ACCESS_DENIED, "HCS_E_ACCESS_DENIED"),
      Map.entry(HCS_E_SYSTEM_NOT_CONFIGURED_FOR_OPERATION,
          "HCS_E_SYSTEM_NOT_CONFIGURED_FOR_OPERATION"));

  private HResults() {}

  /** The symbolic name of {@code hresult} with its hex value, e.g. {@code HCS_E_INVALID_JSON (0x8037010D)}. */
  public static String describe(int hresult) {
    String hex = String.format(Locale.ROOT, "0x%08X", hresult);
    String name = NAMES.get(hresult);
    return name == null ? hex : name + " (" + hex + ")";
  }
}
