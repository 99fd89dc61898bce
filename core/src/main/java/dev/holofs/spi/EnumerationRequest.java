package dev.holofs.spi;

/** One call for more entries within an {@link EnumerationSession}. */
public interface EnumerationRequest {

  /** The command carrying this call (cancellation, deferral). */
  Command command();

  /** The session this call belongs to. */
  EnumerationSession session();

  /** The directory being enumerated; same as {@code session().directory()}. */
  default ProjectedPath directory() {
    return session().directory();
  }

  /**
   * The search expression captured for the session ({@code PrjFileNameMatch} syntax); {@code "*"}
   * when the caller gave none, as FUSE never does.
   */
  String searchExpression();

  /** The last name accepted by the sink in this session, or {@code null} to start from the top. */
  String resumeAfter();

  /** Whether the caller asked to restart the scan from the beginning (rewinddir). */
  boolean isRestartScan();

  /** The order entries must be added in. */
  Collation collation();
}
