package io.github.fashionae.fetch;

import java.io.IOException;

/** A download that failed for a reason worth one line in the log: an HTTP status, a stall, a short body. */
public class DownloadException extends IOException {

  public DownloadException(String message) {
    super(message);
  }

  public DownloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
