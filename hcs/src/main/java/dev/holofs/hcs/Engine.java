package dev.holofs.hcs;

import dev.holofs.hcs.schema.ComputeSystemDocument;

/**
 * What runs compute systems: QEMU on Linux, computecore.dll on Windows. The API above it
 * ({@link ComputeSystem}, {@link Operation}) owns HCS's rules; an engine only does the work.
 */
interface Engine {

  /** The engine's name, for messages. */
  String name();

  /**
   * Starts creating a system; the backend's {@link Backend#created()} completes when it exists.
   *
   * @throws HcsException if the document asks for something this engine cannot do
   */
  Backend create(String id, ComputeSystemDocument document, Backend.Listener listener)
      throws HcsException;
}
