package io.github.fashionae.fork;

/** The forked engine JVM failed or said the run failed; the message holds the end of its log. */
public class ForkException extends Exception {

  public ForkException(String message) {
    super(message);
  }
}
