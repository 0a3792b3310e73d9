package io.github.fashionae.stage;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one training stage is: every input that can change its output, and nothing else (no folder, no
 * experiment label, no run-time switch). Its {@link #inputs()} are the source of its fingerprint, so the
 * fingerprint cannot drift from the value it describes. Written into {@code history.json} as {@code spec}
 * (older plugins wrote a superset of the same fields as {@code job}; both read).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = AutoencoderStage.class, name = "AUTOENCODER"),
    @JsonSubTypes.Type(value = ClassifierStage.class, name = "CLASSIFIER")})
public sealed interface StageSpec permits AutoencoderStage, ClassifierStage {

  /** The stage's folder name: "autoencoder", "classifier-finetune" or "classifier-frozen". */
  String stage();

  /** What it trains. */
  StageKind kind();

  /** Optimizer, learning rate, dropout, batch size, epochs, seed. */
  TrainingSettings settings();

  /** Validation choice and training slice. */
  DataOptions data();

  /** The dataset files by payload digest. */
  List<DatasetDigest> dataset();

  /** The OpenMP thread count the run is pinned to. */
  int threads();

  /** The engine's identity. */
  String engine();

  /** The entry time of the model archive (ISO-8601). */
  String archiveTime();

  /** Every input of the stage by canonical key: what its fingerprint is the digest of. */
  default SortedMap<String, String> inputs() {
    SortedMap<String, String> inputs = new TreeMap<>();
    inputs.put("stage", stage());
    inputs.put("kind", kind().label());
    inputs.put("settings.optimizer", settings().optimizer().label());
    inputs.put("settings.learningRate", Double.toString(settings().learningRate()));
    inputs.put("settings.dropout", Double.toString(settings().dropout()));
    inputs.put("settings.batchSize", Integer.toString(settings().batchSize()));
    inputs.put("settings.epochs", Integer.toString(settings().epochs()));
    inputs.put("settings.seed", Long.toString(settings().seed()));
    inputs.put("data.validation", data().validation().label());
    inputs.put("data.validationSize", Integer.toString(data().validationSize()));
    inputs.put("data.trainLimit", Integer.toString(data().trainLimit()));
    for (DatasetDigest file : dataset()) {
      inputs.put("dataset." + file.name(), file.sha256());
    }
    inputs.put("engine", engine());
    if (!EngineIdentity.isPortable(engine())) {
      inputs.put("engine.threads", Integer.toString(threads())); // the native engine's bits depend on it
    }
    inputs.put("archive.entryTime", archiveTime());
    return inputs;
  }

  /** The stage's fingerprint: the SHA-256 of its canonical inputs. */
  default String fingerprint() {
    return Fingerprints.of(inputs());
  }
}
