package dev.holofs.hcs.schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The VM's virtual processors.
 *
 * @param count how many
 */
public record Processor(@JsonProperty(value = "Count", required = true) int count) {}
