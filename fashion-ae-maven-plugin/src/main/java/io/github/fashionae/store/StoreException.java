package io.github.fashionae.store;

import java.io.IOException;

/** A step's work succeeded, but its entry could not be stored: the message says so, and where the files are. */
public class StoreException extends IOException {

  public StoreException(String message, IOException cause) {
    super(message, cause);
  }
}
