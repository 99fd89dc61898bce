package dev.holofs.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How the VM boots: exactly one of the two is set.
 *
 * @param uefi boot through UEFI firmware
 * @param linuxKernelDirect boot a Linux kernel directly
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Chipset(
    @JsonProperty("Uefi") Uefi uefi,
    @JsonProperty("LinuxKernelDirect") LinuxKernelDirect linuxKernelDirect) {}
