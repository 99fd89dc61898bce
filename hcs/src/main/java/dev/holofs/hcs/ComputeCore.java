package dev.holofs.hcs;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * The binding of {@code computecore.dll} (HCS). Strings are {@code PCWSTR}: UTF-16 in native
 * memory ({@link Utf16}), never JNA's {@code WString}, whose {@code wchar_t} is 4 bytes off
 * Windows — so the fake computecore sees the bytes Windows would.
 */
interface ComputeCore extends Library {

  /** {@code HCS_OPERATION_COMPLETION}. */
  interface OperationCompletion extends Callback {
    void invoke(Pointer operation, Pointer context);
  }

  /** {@code HCS_EVENT_CALLBACK}. */
  interface EventCallback extends Callback {
    void invoke(Pointer event, Pointer context);
  }

  Pointer HcsCreateOperation(Pointer context, OperationCompletion callback);

  int HcsGetOperationType(Pointer operation);

  int HcsGetOperationResult(Pointer operation, PointerByReference resultDocument);

  int HcsWaitForOperationResult(Pointer operation, int timeoutMs,
      PointerByReference resultDocument);

  void HcsCloseOperation(Pointer operation);

  int HcsCreateComputeSystem(Pointer id, Pointer configuration, Pointer operation,
      Pointer securityDescriptor, PointerByReference computeSystem);

  int HcsOpenComputeSystem(Pointer id, int requestedAccess, PointerByReference computeSystem);

  int HcsStartComputeSystem(Pointer computeSystem, Pointer operation, Pointer options);

  int HcsShutDownComputeSystem(Pointer computeSystem, Pointer operation, Pointer options);

  int HcsTerminateComputeSystem(Pointer computeSystem, Pointer operation, Pointer options);

  int HcsPauseComputeSystem(Pointer computeSystem, Pointer operation, Pointer options);

  int HcsResumeComputeSystem(Pointer computeSystem, Pointer operation, Pointer options);

  int HcsGetComputeSystemProperties(Pointer computeSystem, Pointer operation,
      Pointer propertyQuery);

  int HcsModifyComputeSystem(Pointer computeSystem, Pointer operation, Pointer configuration,
      Pointer identity);

  int HcsSetComputeSystemCallback(Pointer computeSystem, int callbackOptions, Pointer context,
      EventCallback callback);

  void HcsCloseComputeSystem(Pointer computeSystem);

  int HcsGrantVmAccess(Pointer vmId, Pointer filePath);

  /** {@code kernel32.dll}'s {@code LocalFree}: how strings HCS returns are released. */
  interface LocalMemory extends Library {
    Pointer LocalFree(Pointer memory);
  }
}
