package io.github.fashionae.experiments;

import io.github.fashionae.stage.AutoencoderSpec;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.InvalidParameterException;
import io.github.fashionae.stage.Optimizer;
import io.github.fashionae.stage.TrainingSettings;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The inputs an experiment can override, and their application to the baseline. Autoencoder keys:
 * {@code learningRate}, {@code optimizer}, {@code dropout}, {@code latentSize}, {@code linearBottleneck}; keys
 * of both networks: {@code batchSize}, {@code epochs}, {@code seed}; classifier keys: {@code classifierLearningRate},
 * {@code classifierOptimizer}, {@code classifierDropout}, and {@code classifierModes} ({@code finetune},
 * {@code frozen}, both comma-separated, or {@code none}: an experiment trains only its autoencoder unless
 * this is set). Each key is spelt as the plugin's parameter of the same input.
 */
public final class Overrides {

  public static final SortedSet<String> KEYS = new TreeSet<>(Set.of("learningRate", "optimizer", "dropout",
      "latentSize", "linearBottleneck", "batchSize", "epochs", "seed", "classifierLearningRate",
      "classifierOptimizer", "classifierDropout", "classifierModes"));

  /** The keys of the unreleased snapshots, each to the key that replaced it. */
  public static final Map<String, String> RENAMED_KEYS = Map.of("classifier.learningRate", "classifierLearningRate",
      "classifier.optimizer", "classifierOptimizer", "classifier.dropout", "classifierDropout", "classifier.modes",
      "classifierModes");

  /**
   * The baseline the overrides apply to.
   *
   * @param autoencoder the autoencoder's shape
   * @param autoencoderSettings its training settings
   * @param classifierSettings the classifiers' training settings
   */
  public record Baseline(AutoencoderSpec autoencoder, TrainingSettings autoencoderSettings,
                         TrainingSettings classifierSettings) {
  }

  /**
   * An experiment's inputs, resolved.
   *
   * @param autoencoder the autoencoder's shape
   * @param autoencoderSettings its training settings
   * @param classifierSettings the classifiers' settings
   * @param modes the classifiers to train on its encoder (none by default)
   */
  public record Resolved(AutoencoderSpec autoencoder, TrainingSettings autoencoderSettings,
                         TrainingSettings classifierSettings, Set<ClassifierMode> modes) {
  }

  private Overrides() {
  }

  /**
   * The experiment's inputs: the baseline with the overrides applied.
   *
   * @throws InvalidParameterException naming {@code experiments/<name>/<key>} for a value that does not parse or
   *     is out of range
   */
  public static Resolved apply(Baseline base, Experiment experiment) {
    Map<String, String> o = experiment.overrides();
    String at = "experiments/" + experiment.name() + "/";
    AutoencoderSpec spec = base.autoencoder();
    TrainingSettings ae = base.autoencoderSettings();
    TrainingSettings cl = base.classifierSettings();
    int batch;
    int epochs;
    long seed;
    try {
      batch = integer(o, "batchSize", ae.batchSize(), at);
      epochs = integer(o, "epochs", ae.epochs(), at);
      seed = o.containsKey("seed") ? parseLong(at + "seed", o.get("seed")) : ae.seed();
      spec = new AutoencoderSpec(integer(o, "latentSize", spec.latentSize(), at),
          o.containsKey("linearBottleneck") ? bool(at + "linearBottleneck", o.get("linearBottleneck"))
              : spec.linearBottleneck());
      ae = new TrainingSettings(o.containsKey("optimizer") ? Optimizer.parse(at + "optimizer", o.get("optimizer"))
          : ae.optimizer(), real(o, "learningRate", ae.learningRate(), at), real(o, "dropout", ae.dropout(), at),
          batch, epochs, seed);
    } catch (InvalidParameterException e) {
      throw e.parameter().startsWith(at) ? e : e.withPrefix(at);
    }
    try {
      cl = new TrainingSettings(o.containsKey("classifierOptimizer")
          ? Optimizer.parse(at + "classifierOptimizer", o.get("classifierOptimizer")) : cl.optimizer(),
          real(o, "classifierLearningRate", cl.learningRate(), at), real(o, "classifierDropout", cl.dropout(), at),
          batch, epochs, seed);
    } catch (InvalidParameterException e) {
      throw e.parameter().startsWith(at) ? e : e.of("classifier").withPrefix(at);
    }
    Set<ClassifierMode> modes = new LinkedHashSet<>();
    String declared = o.getOrDefault("classifierModes", "none").trim();
    if (!declared.equals("none")) {
      for (String mode : declared.split(",")) {
        modes.add(ClassifierMode.parse(at + "classifierModes", mode.trim()));
      }
      if (!spec.linearBottleneck()) {
        throw new InvalidParameterException(at + "classifierModes", "none: a classifier needs the linear "
            + "bottleneck's latent code, and linearBottleneck is false", declared);
      }
    }
    return new Resolved(spec, ae, cl, modes);
  }

  private static int integer(Map<String, String> o, String key, int fallback, String at) {
    if (!o.containsKey(key)) {
      return fallback;
    }
    try {
      return Integer.parseInt(o.get(key).trim());
    } catch (NumberFormatException e) {
      throw new InvalidParameterException(at + key, "a whole number", "'" + o.get(key) + "'");
    }
  }

  private static double real(Map<String, String> o, String key, double fallback, String at) {
    if (!o.containsKey(key)) {
      return fallback;
    }
    try {
      return Double.parseDouble(o.get(key).trim());
    } catch (NumberFormatException e) {
      throw new InvalidParameterException(at + key, "a number", "'" + o.get(key) + "'");
    }
  }

  private static long parseLong(String parameter, String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new InvalidParameterException(parameter, "a whole number", "'" + value + "'");
    }
  }

  private static boolean bool(String parameter, String value) {
    return switch (value.trim()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new InvalidParameterException(parameter, "true or false", "'" + value + "'");
    };
  }
}
