package io.github.fashionae.store;

import java.io.IOException;

/**
 * Training steps that neither cache holds, in a build that requires the remote cache to hold them: what the build
 * that asked for it (its option, its remedy) says of it is the caller's to add, see {@link #advice(String)}.
 */
public class RemoteMissException extends IOException {

  private static final long serialVersionUID = 1L;

  private final boolean absent;

  private final int steps;

  /**
   * A miss.
   *
   * @param message what is missing, and the remote's faults
   * @param absent true when some step is simply not there (rather than the remote failing for all of them)
   * @param steps how many training steps are missing
   */
  public RemoteMissException(String message, boolean absent, int steps) {
    super(message);
    this.absent = absent;
    this.steps = steps;
  }

  /** The message, with what the build's {@code option} that requires the remote cache means and how to go on. */
  public String advice(String option) {
    return getMessage() + ". " + option + " is true, so this build does not train " + (steps == 1 ? "it" : "them")
        + ". " + (absent ? "Run the build that trains and pushes them (its shard) first, or drop " + option
        + " to train here." : "Mend the remote cache, or drop " + option + " to train here.");
  }
}
