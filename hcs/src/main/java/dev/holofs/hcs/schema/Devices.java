package dev.holofs.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The VM's devices.
 *
 * @param plan9 9p shares, or null
 * @param comPorts serial ports by number ({@code "0"} is the console), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Devices(
    @JsonProperty("Plan9") Plan9 plan9,
    @JsonProperty("ComPorts") Map<String, ComPort> comPorts) {}
