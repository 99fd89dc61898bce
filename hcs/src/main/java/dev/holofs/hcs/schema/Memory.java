package dev.holofs.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The VM's memory.
 *
 * @param sizeInMB the size in MiB
 * @param backing {@code Physical}, {@code Virtual} or {@code Hybrid} (QEMU backs all three with
 *     ordinary host memory), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Memory(
    @JsonProperty(value = "SizeInMB", required = true) int sizeInMB,
    @JsonProperty("Backing") String backing) {}
