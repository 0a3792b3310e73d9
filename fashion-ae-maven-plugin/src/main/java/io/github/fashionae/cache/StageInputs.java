package io.github.fashionae.cache;

import io.github.fashionae.training.Engine;
import io.github.fashionae.training.TrainingJob;
import io.github.fashionae.util.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The canonical description of everything that can change a stage's output, and its fingerprint: the
 * SHA-256 of the sorted {@code key=value} lines. Data and upstream models are described by their digests;
 * nothing machine-specific (no path, no time, no user) enters, so two checkouts share cache entries.
 */
public final class StageInputs {

  private StageInputs() {
  }

  /** The inputs of a training job, by name. */
  public static SortedMap<String, String> of(TrainingJob job) {
    SortedMap<String, String> inputs = new TreeMap<>();
    inputs.put("stage", job.stage());
    inputs.put("kind", job.kind().name().toLowerCase(java.util.Locale.ROOT));
    if (job.autoencoder() != null) {
      inputs.put("autoencoder.latentSize", Integer.toString(job.autoencoder().latentSize()));
      inputs.put("autoencoder.linearBottleneck", Boolean.toString(job.autoencoder().linearBottleneck()));
    }
    if (job.mode() != null) {
      inputs.put("classifier.mode", job.mode().label());
      inputs.put("classifier.encoderSha256", String.valueOf(job.encoderModelSha256()));
      inputs.put("classifier.revision", Integer.toString(Engine.CLASSIFIER_REVISION));
    }
    inputs.put("settings.optimizer", job.settings().optimizer().label());
    inputs.put("settings.learningRate", Double.toString(job.settings().learningRate()));
    inputs.put("settings.dropout", Double.toString(job.settings().dropout()));
    inputs.put("settings.batchSize", Integer.toString(job.settings().batchSize()));
    inputs.put("settings.epochs", Integer.toString(job.settings().epochs()));
    inputs.put("settings.seed", Long.toString(job.settings().seed()));
    inputs.put("data.validation", job.data().validation().label());
    inputs.put("data.validationSize", Integer.toString(job.data().validationSize()));
    inputs.put("data.trainLimit", Integer.toString(job.data().trainLimit()));
    for (TrainingJob.DataFile file : job.dataset()) {
      inputs.put("dataset." + file.name(), file.sha256());
    }
    inputs.put("engine", job.engine());
    inputs.put("engine.threads", Integer.toString(job.threads()));
    inputs.put("archive.entryTime", job.archiveTime());
    return inputs;
  }

  /** The fingerprint of {@code inputs}: SHA-256 of their sorted "key=value\n" lines. */
  public static String fingerprint(Map<String, String> inputs) {
    StringBuilder canonical = new StringBuilder();
    new TreeMap<>(inputs).forEach((key, value) -> canonical.append(key).append('=').append(value).append('\n'));
    return Sha256.hex(canonical.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** One line per input that differs, e.g. "settings.learningRate 0.001 → 0.005"; empty when equal. */
  public static List<String> changes(Map<String, String> before, Map<String, String> after) {
    List<String> lines = new ArrayList<>();
    SortedMap<String, String> keys = new TreeMap<>(before);
    after.forEach(keys::putIfAbsent);
    for (String key : keys.keySet()) {
      String was = before.get(key);
      String now = after.get(key);
      if (!Objects.equals(was, now)) {
        lines.add(key + " " + (was == null ? "(absent)" : was) + " → " + (now == null ? "(absent)" : now));
      }
    }
    return lines;
  }
}
