package dev.holofs.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Boot a Linux kernel directly, without firmware ({@code Chipset.LinuxKernelDirect}).
 *
 * @param kernelFilePath the kernel image on the host
 * @param initRdPath the initial ramdisk on the host, or null
 * @param kernelCmdLine the kernel command line, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxKernelDirect(
    @JsonProperty("KernelFilePath") String kernelFilePath,
    @JsonProperty("InitRdPath") String initRdPath,
    @JsonProperty("KernelCmdLine") String kernelCmdLine) {}
