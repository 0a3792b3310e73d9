package io.github.fashionae.experiments;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One named experiment: overrides on the baseline's inputs, by key (see {@link Overrides#KEYS}).
 *
 * @param name the experiment's name: its folder under {@code experiments/}, and its label in logs and reports
 * @param overrides the inputs that differ from the baseline, sorted by key
 */
public record Experiment(String name, SortedMap<String, String> overrides) {

  public Experiment {
    overrides = Collections.unmodifiableSortedMap(new TreeMap<>(overrides));
  }

  /** The overrides as one line: "learningRate=0.01, optimizer=sgd", or "(the baseline)" when none. */
  public String describe() {
    return overrides.isEmpty() ? "(the baseline)" : overrides.entrySet().stream()
        .map(Map.Entry::toString).collect(Collectors.joining(", "));
  }
}
