package io.github.fashionae.fetch;

import java.io.IOException;

/**
 * A download or upload that failed for a reason worth one line in the log: an HTTP status, no connection, no
 * response, a stall, a short body.
 */
public class DownloadException extends IOException {

  /** What kind of failure it was: the server answered, or the connection itself failed. */
  public enum Kind {
    /** The server answered with a status other than success. */
    HTTP_STATUS,
    /** No connection, no response in time, a stall or a connection lost mid-body: the server may be down. */
    CONNECTION,
    /** The body was shorter than announced. */
    TRUNCATED,
    /** The body was, or was announced to be, longer than the caller's limit. */
    TOO_LARGE,
    /** The server redirected where the client does not follow: another origin, say. */
    REDIRECT_REFUSED
  }

  private final Kind kind;
  private final int status;

  public DownloadException(String message) {
    this(Kind.CONNECTION, 0, message, null);
  }

  public DownloadException(String message, Throwable cause) {
    this(Kind.CONNECTION, 0, message, cause);
  }

  public DownloadException(Kind kind, int status, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
  }

  /** An HTTP error status, e.g. 404. */
  public static DownloadException status(int status, String message) {
    return new DownloadException(Kind.HTTP_STATUS, status, message, null);
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status for {@link Kind#HTTP_STATUS}, else 0. */
  public int status() {
    return status;
  }
}
