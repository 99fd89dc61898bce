package dev.holofs.hcs;

import com.sun.jna.Native;
import dev.holofs.hcs.schema.ComputeSystemDocument;

/**
 * The Windows engine: HCS itself, through {@code computecore.dll}. Each API call becomes one
 * native call with a native operation whose completion callback completes the Java side.
 */
final class ComputeCoreEngine implements Engine {

  private final ComputeCore hcs;
  private final ComputeCore.LocalMemory memory;

  ComputeCoreEngine(ComputeCore hcs, ComputeCore.LocalMemory memory) {
    this.hcs = hcs;
    this.memory = memory;
  }

  /** The engine over the real DLLs. */
  static ComputeCoreEngine load() throws HcsException {
    try {
      return new ComputeCoreEngine(Native.load("computecore", ComputeCore.class),
          Native.load("kernel32", ComputeCore.LocalMemory.class));
    } catch (UnsatisfiedLinkError e) {
      throw new HcsException(HResults.HCS_E_SERVICE_NOT_AVAILABLE,
          "computecore.dll is not available (is Hyper-V enabled?): " + e.getMessage());
    }
  }

  @Override
  public String name() {
    return "computecore";
  }

  @Override
  public Backend create(String id, ComputeSystemDocument document, Backend.Listener listener)
      throws HcsException {
    return ComputeCoreSystem.create(hcs, memory, id, document, listener);
  }
}
