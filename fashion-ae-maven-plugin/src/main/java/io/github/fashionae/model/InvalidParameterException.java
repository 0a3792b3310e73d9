package io.github.fashionae.model;

/**
 * A parameter out of its range, found before any work starts. The message names the parameter, what was
 * expected and what was found.
 */
public class InvalidParameterException extends IllegalArgumentException {

  private final String parameter;

  public InvalidParameterException(String parameter, String expected, Object found) {
    super(parameter + ": expected " + expected + ", found " + found);
    this.parameter = parameter;
  }

  /** The parameter's name as the POM spells it. */
  public String parameter() {
    return parameter;
  }
}
