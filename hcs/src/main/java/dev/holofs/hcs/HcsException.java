package dev.holofs.hcs;

import java.io.IOException;
import java.util.List;

/**
 * A failed HCS call or operation: the HRESULT and the ResultError document that explains it.
 */
public final class HcsException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient ResultError error;

  /** A failure with {@code hresult} and a message (the ResultError holds both). */
  public HcsException(int hresult, String message) {
    this(new ResultError(hresult, message, List.of()), null);
  }

  /** A failure described by a ResultError document. */
  public HcsException(ResultError error, Throwable cause) {
    super(HResults.describe(error.error()) + ": " + error.errorMessage(), cause);
    this.error = error;
  }

  /** The HRESULT, one of {@link HResults}' values or another Windows HRESULT. */
  public int hresult() {
    return error.error();
  }

  /** The parsed ResultError document. */
  public ResultError resultError() {
    return error;
  }

  /** The ResultError as the JSON document HCS returns. */
  public String resultDocument() {
    return Json.write(error);
  }
}
