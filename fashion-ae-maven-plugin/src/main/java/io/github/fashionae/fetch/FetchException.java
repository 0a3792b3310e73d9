package io.github.fashionae.fetch;

/** No source could provide a verified copy of a dataset file. The message lists every source tried. */
public class FetchException extends Exception {

  public FetchException(String message) {
    super(message);
  }
}
