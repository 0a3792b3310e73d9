package io.github.fashionae.stage;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.fashionae.util.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a published {@code model-card.json} says of its model, read back: the stage, its fingerprint, every input
 * the fingerprint covers, and the published files' digests. {@link #spec()} turns the inputs back into the stage
 * they describe, which is how a released model is evaluated and rebuilt.
 *
 * @param file where the card was read from, for messages
 * @param stage the stage's name, e.g. "classifier-finetune"
 * @param fingerprint the stage's fingerprint
 * @param inputs the fingerprint's inputs by canonical key ({@link StageSpec#inputs()})
 * @param modelSha256 the SHA-256 of {@code model.zip}
 * @param onnxSha256 the SHA-256 of {@code model.onnx}
 */
public record ModelCard(Path file, String stage, String fingerprint, SortedMap<String, String> inputs,
                        String modelSha256, String onnxSha256) {

  public ModelCard {
    inputs = Collections.unmodifiableSortedMap(new TreeMap<>(inputs));
  }

  /** Thrown for a card that cannot be read or does not describe a stage this plugin can build. */
  public static final class InvalidCardException extends IOException {
    private static final long serialVersionUID = 1L;

    public InvalidCardException(String message) {
      super(message);
    }
  }

  /** Reads a card, checking that it has every field a card of this plugin writes. */
  public static ModelCard read(Path file) throws IOException {
    JsonNode card;
    try {
      card = Json.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new InvalidCardException("Model card " + file + ": expected JSON, found unreadable content ("
          + e.getMessage() + ")");
    }
    JsonNode inputs = card == null ? null : card.get("inputs");
    if (inputs == null || !inputs.isObject()) {
      throw new InvalidCardException("Model card " + file + ": expected an object 'inputs' (a model card written by "
          + "fashion-ae-maven-plugin), found " + (inputs == null ? "none" : inputs.getNodeType()));
    }
    SortedMap<String, String> values = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = inputs.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      values.put(entry.getKey(), entry.getValue().asText());
    }
    return new ModelCard(file, text(card, file, "stage"), text(card, file, "fingerprint"), values,
        text(card, file, "modelSha256"), text(card.path("onnx"), file, "sha256"));
  }

  private static String text(JsonNode node, Path file, String field) throws InvalidCardException {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new InvalidCardException("Model card " + file + ": expected a text '" + field + "', found "
          + (value == null ? "none" : value.toString()));
    }
    return value.asText();
  }

  /** The card's engine identity. */
  public String engine() {
    return inputs.getOrDefault("engine", "");
  }

  /** The digest of the autoencoder model a classifier's encoder comes from; empty for an autoencoder. */
  public String encoderSha256() {
    return inputs.getOrDefault("classifier.encoderSha256", "");
  }

  /**
   * The stage the inputs describe. Its inputs must be exactly the card's and its fingerprint the card's, so that
   * the stage built from it is the one released, not one that differs in an input this plugin does not know.
   *
   * @throws InvalidCardException naming the card and what does not match
   */
  public StageSpec spec() throws InvalidCardException {
    StageSpec spec;
    try {
      spec = parse();
    } catch (RuntimeException e) {
      throw new InvalidCardException("Model card " + file + " (" + stage + "): expected the inputs of a stage this "
          + "plugin builds, found " + e.getMessage());
    }
    if (!spec.inputs().equals(inputs)) {
      List<String> differences = new ArrayList<>();
      SortedMap<String, String> mine = spec.inputs();
      for (String key : union(mine, inputs)) {
        if (!String.valueOf(mine.get(key)).equals(String.valueOf(inputs.get(key)))) {
          differences.add(key + " = " + inputs.getOrDefault(key, "(none)"));
        }
      }
      throw new InvalidCardException("Model card " + file + " (" + stage + "): expected inputs this plugin knows, "
          + "found " + String.join(", ", differences) + " (a card of another plugin version?)");
    }
    if (!spec.fingerprint().equals(fingerprint)) {
      throw new InvalidCardException("Model card " + file + " (" + stage + "): expected the fingerprint of its inputs, "
          + spec.fingerprint() + ", found " + fingerprint);
    }
    return spec;
  }

  private static List<String> union(Map<String, String> a, Map<String, String> b) {
    SortedMap<String, String> all = new TreeMap<>(a);
    all.putAll(b);
    return List.copyOf(all.keySet());
  }

  private StageSpec parse() {
    TrainingSettings settings = new TrainingSettings(Optimizer.parse("settings.optimizer", need("settings.optimizer")),
        Double.parseDouble(need("settings.learningRate")), Double.parseDouble(need("settings.dropout")),
        Integer.parseInt(need("settings.batchSize")), Integer.parseInt(need("settings.epochs")),
        Long.parseLong(need("settings.seed")));
    DataOptions data = new DataOptions(ValidationSet.parse("data.validation", need("data.validation")),
        Integer.parseInt(need("data.validationSize")), Integer.parseInt(need("data.trainLimit")));
    List<DatasetDigest> dataset = new ArrayList<>();
    inputs.forEach((key, value) -> {
      if (key.startsWith("dataset.")) {
        dataset.add(new DatasetDigest(key.substring("dataset.".length()), value));
      }
    });
    String engine = need("engine");
    int threads = EngineIdentity.isPortable(engine) ? 1 : Integer.parseInt(need("engine.threads"));
    BuildInputs build = new BuildInputs(dataset, data, threads, engine, need("archive.entryTime"));
    String kind = need("kind");
    if (StageKind.AUTOENCODER.label().equals(kind)) {
      return AutoencoderStage.of(new AutoencoderSpec(Integer.parseInt(need("autoencoder.latentSize")),
          Boolean.parseBoolean(need("autoencoder.linearBottleneck"))), settings, build);
    }
    if (StageKind.CLASSIFIER.label().equals(kind)) {
      return ClassifierStage.of(ClassifierMode.parse("classifier.mode", need("classifier.mode")),
          need("classifier.encoderSha256"), settings, build);
    }
    throw new IllegalArgumentException("kind = " + kind);
  }

  private String need(String key) {
    String value = inputs.get(key);
    if (value == null) {
      throw new IllegalArgumentException("no " + key);
    }
    return value;
  }
}
