package dev.holofs.hcs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * HCS's ResultError document: what a failed operation returns as its result document.
 *
 * @param error the HRESULT
 * @param errorMessage a human-readable message
 * @param errorEvents the events that explain it, oldest first (may be empty)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResultError(
    @JsonProperty("Error") int error,
    @JsonProperty("ErrorMessage") String errorMessage,
    @JsonProperty("ErrorEvents") List<ErrorEvent> errorEvents) {

  /** Copies the list. */
  public ResultError {
    errorEvents = errorEvents == null ? List.of() : List.copyOf(errorEvents);
  }

  /**
   * One event of a ResultError.
   *
   * @param message what happened
   * @param provider who reported it (e.g. {@code qemu}, {@code holofs})
   * @param eventId an id unique to the provider, or 0
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ErrorEvent(
      @JsonProperty("Message") String message,
      @JsonProperty("Provider") String provider,
      @JsonProperty("EventId") int eventId) {}
}
