package dev.holofs.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A serial port ({@code Devices.ComPorts["0"]}).
 *
 * @param namedPipe where the port's output goes: on Windows a named pipe; with QEMU a file that
 *     receives everything the guest writes to its first serial port (the console)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ComPort(@JsonProperty("NamedPipe") String namedPipe) {}
