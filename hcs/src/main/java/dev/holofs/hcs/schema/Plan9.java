package dev.holofs.hcs.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The VM's 9p shares.
 *
 * @param shares in order
 */
public record Plan9(@JsonProperty("Shares") List<Plan9Share> shares) {

  /** Copies the list. */
  public Plan9 {
    shares = shares == null ? List.of() : List.copyOf(shares);
  }
}
