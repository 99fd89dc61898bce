package dev.holofs.hcs.schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The schema version a document is written against; holofs reads 2.x.
 *
 * @param major must be 2
 * @param minor any
 */
public record SchemaVersion(@JsonProperty("Major") int major, @JsonProperty("Minor") int minor) {

  /** Schema 2.1, what the seed's samples use. */
  public static final SchemaVersion V2_1 = new SchemaVersion(2, 1);
}
