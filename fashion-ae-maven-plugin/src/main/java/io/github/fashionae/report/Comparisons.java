package io.github.fashionae.report;

import io.github.fashionae.stage.EpochRecord;
import io.github.fashionae.stage.StageSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.stream.Collectors;

/** What differs between trained stages, and how fast each converged: the report's compare view. */
final class Comparisons {

  /** The hyperparameters a caption names, by input key, with their names in words. */
  static final Map<String, String> HYPERPARAMETERS = new LinkedHashMap<>();

  static {
    HYPERPARAMETERS.put("settings.optimizer", "optimizer");
    HYPERPARAMETERS.put("settings.learningRate", "learning rate");
    HYPERPARAMETERS.put("settings.dropout", "dropout");
    HYPERPARAMETERS.put("settings.batchSize", "batch");
    HYPERPARAMETERS.put("settings.epochs", "epochs");
    HYPERPARAMETERS.put("settings.seed", "seed");
    HYPERPARAMETERS.put("autoencoder.latentSize", "latent size");
    HYPERPARAMETERS.put("autoencoder.linearBottleneck", "linear layer");
    HYPERPARAMETERS.put("data.trainLimit", "training limit");
  }

  private Comparisons() {
  }

  /** The input keys whose values are not the same for every spec, in sorted order. */
  static List<String> differingKeys(List<StageSpec> specs) {
    List<SortedMap<String, String>> inputs = specs.stream().map(StageSpec::inputs).toList();
    Set<String> keys = new HashSet<>();
    inputs.forEach(i -> keys.addAll(i.keySet()));
    return keys.stream().sorted().filter(key -> inputs.stream().map(i -> String.valueOf(i.get(key)))
        .distinct().count() > 1).toList();
  }

  /** The spec's values of {@code keys}, by short name: "learningRate=0.01, optimizer=sgd"; "–" when none. */
  static String describe(StageSpec spec, List<String> keys) {
    SortedMap<String, String> inputs = spec.inputs();
    String described = keys.stream().sorted(Comparator.comparing(Comparisons::shortKey))
        .map(key -> shortKey(key) + "=" + inputs.get(key)).collect(Collectors.joining(", "));
    return described.isEmpty() ? "–" : described;
  }

  /** The keys in words: "learning rate, optimizer". */
  static String describeKeys(List<String> keys) {
    return keys.isEmpty() ? "nothing" : keys.stream().map(k -> HYPERPARAMETERS.getOrDefault(k, shortKey(k)))
        .collect(Collectors.joining(", "));
  }

  /** The hyperparameters all jobs share: "optimizer adam, dropout 0.2, batch 100, ...". */
  static String fixed(List<StageSpec> specs) {
    List<String> differing = differingKeys(specs);
    SortedMap<String, String> first = specs.get(0).inputs();
    List<String> parts = new ArrayList<>();
    HYPERPARAMETERS.forEach((key, words) -> {
      if (!differing.contains(key) && first.containsKey(key)) {
        parts.add(words + " " + first.get(key));
      }
    });
    return String.join(", ", parts);
  }

  /** The first epoch whose validation loss is within {@code tolerance} of the last epoch's. */
  static int epochsToWithin(List<EpochRecord> epochs, double tolerance) {
    double last = epochs.get(epochs.size() - 1).validationLoss();
    for (EpochRecord record : epochs) {
      if (record.validationLoss() <= last * (1 + tolerance)) {
        return record.epoch();
      }
    }
    return epochs.size();
  }

  private static String shortKey(String key) {
    return key.substring(key.indexOf('.') + 1);
  }
}
