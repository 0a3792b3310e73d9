package io.github.fashionae.stage;

/**
 * A parameter out of its range, found before any work starts. The message names the parameter, what was
 * expected and what was found.
 */
public class InvalidParameterException extends IllegalArgumentException {

  private final String parameter;
  private final String expected;
  private final Object found;

  public InvalidParameterException(String parameter, String expected, Object found) {
    super(parameter + ": expected " + expected + ", found " + found);
    this.parameter = parameter;
    this.expected = expected;
    this.found = found;
  }

  /** The same complaint about the parameter as reached through {@code prefix}, e.g. "experiments/lr/". */
  public InvalidParameterException withPrefix(String prefix) {
    return renamed(prefix + parameter);
  }

  /**
   * The same complaint about the parameter of one network, as the plugin spells such a parameter: {@code dropout}
   * of the {@code classifier} is {@code classifierDropout}.
   */
  public InvalidParameterException of(String network) {
    return renamed(network + Character.toUpperCase(parameter.charAt(0)) + parameter.substring(1));
  }

  /** The same complaint, about the parameter as the caller names it. */
  public InvalidParameterException renamed(String newParameter) {
    return new InvalidParameterException(newParameter, expected, found);
  }

  /**
   * The constant of {@code type} named {@code name}, ignoring case and surrounding blanks.
   *
   * @throws InvalidParameterException naming {@code parameter} and {@code expected} when there is none
   */
  public static <E extends Enum<E>> E parseEnum(Class<E> type, String parameter, String name, String expected) {
    if (name != null) {
      for (E constant : type.getEnumConstants()) {
        if (constant.name().equalsIgnoreCase(name.trim())) {
          return constant;
        }
      }
    }
    throw new InvalidParameterException(parameter, expected, "'" + name + "'");
  }

  /** The parameter's name as the POM spells it. */
  public String parameter() {
    return parameter;
  }

  /** What the parameter should have been, e.g. "at least 1". */
  public String expected() {
    return expected;
  }

  /** What it was. */
  public Object found() {
    return found;
  }
}
