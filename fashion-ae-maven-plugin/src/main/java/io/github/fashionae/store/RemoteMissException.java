package io.github.fashionae.store;

import java.io.IOException;

/** A training step that neither cache holds, in a build that requires the remote cache to hold it. */
public class RemoteMissException extends IOException {

  public RemoteMissException(String message) {
    super(message);
  }
}
