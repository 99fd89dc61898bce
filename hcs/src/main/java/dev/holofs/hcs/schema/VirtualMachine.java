package dev.holofs.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A virtual machine's settings.
 *
 * @param chipset how it boots
 * @param computeTopology memory and processors
 * @param devices shares and serial ports, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VirtualMachine(
    @JsonProperty("Chipset") Chipset chipset,
    @JsonProperty("ComputeTopology") ComputeTopology computeTopology,
    @JsonProperty("Devices") Devices devices) {}
