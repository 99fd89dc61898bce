package dev.holofs.hcs.schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The VM's memory and processors.
 *
 * @param memory required
 * @param processor null means one processor
 */
public record ComputeTopology(
    @JsonProperty("Memory") Memory memory,
    @JsonProperty("Processor") Processor processor) {}
