package io.github.fashionae.experiments;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns a POM's experiments and sweeps into one ordered list of named experiments: the declared experiments in
 * order, then each sweep's expansion. A sweep varies keys over lists of values; it expands to one experiment per
 * combination, keys in alphabetical order (the first varying slowest), values in declared order, each named
 * {@code <sweep>-<key>=<value>-...}. Names must be unique; keys must be known.
 */
public final class ExperimentPlan {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._=+-]*");

  /**
   * A sweep as declared.
   *
   * @param name the prefix of the experiments' names
   * @param vary each key's values, in order
   * @param set overrides shared by every experiment of the sweep
   */
  public record Sweep(String name, Map<String, List<String>> vary, Map<String, String> set) {
  }

  /** Thrown for a plan that cannot run: the message names the element at fault. */
  public static final class InvalidPlanException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidPlanException(String message) {
      super(message);
    }
  }

  private ExperimentPlan() {
  }

  /** The experiments, then the sweeps' expansions, validated. */
  public static List<Experiment> expand(List<Experiment> experiments, List<Sweep> sweeps) {
    List<Experiment> all = new ArrayList<>();
    for (int i = 0; i < experiments.size(); i++) {
      Experiment experiment = experiments.get(i);
      String element = "experiments/experiment[" + (i + 1) + "]";
      checkName(element, experiment.name());
      checkKeys(element + "/set", experiment.overrides().keySet());
      all.add(experiment);
    }
    for (int i = 0; i < sweeps.size(); i++) {
      all.addAll(expand("sweeps/sweep[" + (i + 1) + "]", sweeps.get(i)));
    }
    Set<String> names = new HashSet<>();
    for (Experiment experiment : all) {
      if (!names.add(experiment.name())) {
        throw new InvalidPlanException("experiment names must be unique, found '" + experiment.name() + "' twice");
      }
    }
    return all;
  }

  static List<Experiment> expand(String element, Sweep sweep) {
    checkName(element + "/name", sweep.name());
    Map<String, String> set = sweep.set() == null ? Map.of() : sweep.set();
    checkKeys(element + "/set", set.keySet());
    if (sweep.vary() == null || sweep.vary().isEmpty()) {
      throw new InvalidPlanException(element + "/vary: expected at least one key with values, found none");
    }
    SortedMap<String, List<String>> vary = new TreeMap<>(sweep.vary());
    checkKeys(element + "/vary", vary.keySet());
    for (Map.Entry<String, List<String>> axis : vary.entrySet()) {
      if (axis.getValue().isEmpty()) {
        throw new InvalidPlanException(element + "/vary/" + axis.getKey() + ": expected values, found none");
      }
      if (set.containsKey(axis.getKey())) {
        throw new InvalidPlanException(element + ": " + axis.getKey() + " is both varied and set");
      }
      if (new HashSet<>(axis.getValue()).size() != axis.getValue().size()) {
        throw new InvalidPlanException(element + "/vary/" + axis.getKey() + ": expected distinct values, found "
            + axis.getValue());
      }
    }
    List<Experiment> expanded = new ArrayList<>();
    combine(sweep.name(), new ArrayList<>(vary.entrySet()), 0, new LinkedHashMap<>(), set, expanded);
    return expanded;
  }

  private static void combine(String prefix, List<Map.Entry<String, List<String>>> axes, int depth,
                              LinkedHashMap<String, String> chosen, Map<String, String> set, List<Experiment> out) {
    if (depth == axes.size()) {
      StringBuilder name = new StringBuilder(prefix);
      chosen.forEach((key, value) -> name.append('-').append(key).append('=').append(value));
      SortedMap<String, String> overrides = new TreeMap<>(set);
      overrides.putAll(chosen);
      checkName("the sweep " + prefix, name.toString());
      out.add(new Experiment(name.toString(), overrides));
      return;
    }
    Map.Entry<String, List<String>> axis = axes.get(depth);
    for (String value : axis.getValue()) {
      chosen.put(axis.getKey(), value.trim());
      combine(prefix, axes, depth + 1, chosen, set, out);
      chosen.remove(axis.getKey());
    }
  }

  private static void checkName(String element, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidPlanException(element + ": expected a name of letters, digits and . _ = + - (a folder name), "
          + "found " + (name == null ? "none" : "'" + name + "'"));
    }
  }

  private static void checkKeys(String element, Set<String> keys) {
    for (String key : keys) {
      if (Overrides.RENAMED_KEYS.containsKey(key)) {
        throw new InvalidPlanException(element + ": the key '" + key + "' was renamed to '"
            + Overrides.RENAMED_KEYS.get(key) + "', the name of the plugin's parameter");
      }
      if (!Overrides.KEYS.contains(key)) {
        throw new InvalidPlanException(element + ": unknown key '" + key + "', expected one of "
            + String.join(", ", Overrides.KEYS));
      }
    }
  }
}
