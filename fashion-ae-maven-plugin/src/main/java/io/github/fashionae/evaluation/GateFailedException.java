package io.github.fashionae.evaluation;

/** The quality gate's rules were violated and the build halts on it: the models are not good enough. */
public class GateFailedException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient GateResult gate;

  GateFailedException(String message, GateResult gate) {
    super(message);
    this.gate = gate;
  }

  /** The gate's verdicts. */
  public GateResult gate() {
    return gate;
  }
}
