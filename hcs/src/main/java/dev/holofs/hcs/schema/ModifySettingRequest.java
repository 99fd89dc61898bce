package dev.holofs.hcs.schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A change to a running system ({@code HcsModifyComputeSystem}); the one supported is adding a 9p
 * share: {@code ResourcePath} {@value #PLAN9_SHARES}, {@code RequestType} {@code Add}.
 *
 * @param resourcePath what to change
 * @param requestType {@code Add}
 * @param settings the share
 */
public record ModifySettingRequest(
    @JsonProperty("ResourcePath") String resourcePath,
    @JsonProperty("RequestType") String requestType,
    @JsonProperty("Settings") Plan9Share settings) {

  /** The resource path of the 9p shares. */
  public static final String PLAN9_SHARES = "VirtualMachine/Devices/Plan9/Shares";

  /** A request that adds {@code share}. */
  public static ModifySettingRequest addShare(Plan9Share share) {
    return new ModifySettingRequest(PLAN9_SHARES, "Add", share);
  }
}
