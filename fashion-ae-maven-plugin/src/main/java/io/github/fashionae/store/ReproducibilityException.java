package io.github.fashionae.store;

/** A retrained model whose checksum differs from the cached model of the same inputs. */
public class ReproducibilityException extends Exception {

  public ReproducibilityException(String message) {
    super(message);
  }
}
