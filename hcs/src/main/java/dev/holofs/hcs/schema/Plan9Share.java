package dev.holofs.hcs.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.holofs.Projection;

/**
 * A host directory shared into the VM over 9p.
 *
 * @param name the share's name; the holofs guest mounts it at {@code /mnt/NAME} (the 9p mount tag)
 * @param accessName the name the guest attaches with (HCS); QEMU uses {@code name}
 * @param path the host directory; for a projected share, where the projection is mounted (null:
 *     a directory of the engine's choosing)
 * @param port HCS's vsock port for 9p; QEMU's virtio transport has none, so it is only kept
 * @param flags {@link #READ_ONLY} or 0; other flags are refused by name
 * @param projection a projection to mount at {@code path} while the VM runs, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Plan9Share(
    @JsonProperty("Name") String name,
    @JsonProperty("AccessName") String accessName,
    @JsonProperty("Path") String path,
    @JsonProperty("Port") Integer port,
    @JsonProperty("Flags") Integer flags,
    @JsonIgnore Projection projection) {

  /** {@code Plan9ShareFlags.ReadOnly}. */
  public static final int READ_ONLY = 0x1;

  /** A share of a host directory. */
  public static Plan9Share of(String name, String path, boolean readOnly) {
    return new Plan9Share(name, name, path, null, readOnly ? READ_ONLY : 0, null);
  }

  /** A read-only share of {@code projection}, mounted by holofs while the VM runs. */
  public static Plan9Share projected(String name, Projection projection) {
    return new Plan9Share(name, name, null, null, READ_ONLY, projection);
  }

  /** True if the guest may not write. */
  @JsonIgnore
  public boolean readOnly() {
    return flags != null && (flags & READ_ONLY) != 0;
  }
}
