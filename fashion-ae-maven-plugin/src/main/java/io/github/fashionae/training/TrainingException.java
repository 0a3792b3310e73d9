package io.github.fashionae.training;

/** The forked training JVM failed or said the run failed; the message holds the end of its log. */
public class TrainingException extends Exception {

  public TrainingException(String message) {
    super(message);
  }
}
