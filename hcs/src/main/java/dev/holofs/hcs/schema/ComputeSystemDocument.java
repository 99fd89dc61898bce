package dev.holofs.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The document that creates a compute system: the schema 2.x subset a VM needs.
 *
 * @param schemaVersion 2.x
 * @param owner who owns the system (free text)
 * @param virtualMachine the VM
 * @param shouldTerminateOnLastHandleClosed terminate once every handle is closed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ComputeSystemDocument(
    @JsonProperty("SchemaVersion") SchemaVersion schemaVersion,
    @JsonProperty("Owner") String owner,
    @JsonProperty("VirtualMachine") VirtualMachine virtualMachine,
    @JsonProperty("ShouldTerminateOnLastHandleClosed") Boolean shouldTerminateOnLastHandleClosed) {

  /** True if closing the last handle terminates the system. */
  public boolean terminatesOnLastHandleClosed() {
    return Boolean.TRUE.equals(shouldTerminateOnLastHandleClosed);
  }
}
