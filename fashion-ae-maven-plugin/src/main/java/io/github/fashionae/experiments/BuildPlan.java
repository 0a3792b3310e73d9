package io.github.fashionae.experiments;

import io.github.fashionae.fork.ForkException;
import io.github.fashionae.stage.AutoencoderStage;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.ClassifierStage;
import io.github.fashionae.store.StageCache;
import io.github.fashionae.training.Shard;
import io.github.fashionae.training.StageTrainer;
import io.github.fashionae.util.AtomicFiles;
import io.github.fashionae.util.BuildLog;
import io.github.fashionae.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every stage of a build, in the plan's fixed order (the baseline at position 0, then the experiments), with its
 * fingerprint and where it is: in the user cache, in the remote cache, or missing; and the shards that still have
 * work, as a CI job matrix takes them. A classifier's fingerprint needs its encoder's bytes: it is known once its
 * autoencoder is in a cache, and missing otherwise.
 */
public final class BuildPlan {

  /** The name of the baseline in a plan. */
  public static final String BASELINE = "baseline";

  /** Where a stage is. */
  public enum Location {
    /** In the user cache of this machine. */
    LOCAL,
    /** In the remote cache (not in the user cache). */
    REMOTE,
    /** In neither: a shard must train it. */
    MISSING
  }

  /**
   * One stage of the plan.
   *
   * @param position its experiment's position: 0 for the baseline
   * @param experiment its experiment's name, {@link #BASELINE} for the baseline
   * @param stage its name: "autoencoder", "classifier-finetune", ...
   * @param shard the shard that trains it, as I/N
   * @param fingerprint its fingerprint, or "unknown" while its encoder is in no cache
   * @param location where it is
   */
  public record Stage(int position, String experiment, String stage, String shard, String fingerprint,
                      Location location) {
  }

  private BuildPlan() {
  }

  /** The plan of the {@code study} over {@code shards} shards: each stage, its shard, and where it is. */
  public static List<Stage> of(StageTrainer trainer, Study study, int shards) throws IOException {
    List<Stage> stages = new ArrayList<>();
    for (Study.Entry entry : study.entries()) {
      add(stages, trainer, entry, shards);
    }
    return stages;
  }

  private static void add(List<Stage> stages, StageTrainer trainer, Study.Entry entry, int shards)
      throws IOException {
    int position = entry.position();
    String experiment = entry.experiment().name();
    Overrides.Resolved resolved = entry.resolved();
    String shard = Shard.owning(position, shards).toString();
    AutoencoderStage autoencoder = trainer.autoencoderStage(resolved.autoencoder(), resolved.autoencoderSettings());
    StageCache.Located found = trainer.locate(autoencoder);
    stages.add(new Stage(position, experiment, AutoencoderStage.NAME, shard, autoencoder.fingerprint(),
        location(found)));
    for (ClassifierMode mode : resolved.modes()) {
      if (found.sha256().isEmpty()) {
        stages.add(new Stage(position, experiment, ClassifierStage.name(mode), shard, "unknown", Location.MISSING));
        continue;
      }
      ClassifierStage classifier = trainer.classifierStage(mode, found.sha256().get(), resolved.classifierSettings());
      stages.add(new Stage(position, experiment, ClassifierStage.name(mode), shard, classifier.fingerprint(),
          location(trainer.locate(classifier))));
    }
  }

  private static Location location(StageCache.Located located) {
    return switch (located.where()) {
      case LOCAL -> Location.LOCAL;
      case REMOTE -> Location.REMOTE;
      case MISSING -> Location.MISSING;
    };
  }

  /**
   * Plans the request's build (the baseline with the classifiers of {@code baselineModes}, then its experiments)
   * over {@code shards} shards, writes the plan to {@code file} as {@link #json} gives it, and logs how many stages
   * are where and which shards have work.
   *
   * @return the plan's stages
   */
  public static List<Stage> write(ExperimentsRequest request, Set<ClassifierMode> baselineModes, int shards,
                                  Path file, BuildLog log) throws IOException, ForkException {
    StageTrainer trainer = StageTrainer.of(request.training(), log);
    List<Stage> stages = of(trainer, Study.of(request.baseline(), baselineModes, request.plan(),
        request.outputDirectory()), shards);
    AtomicFiles.write(file, Json.pretty(json(stages, shards, request.training().remote()
        .map(r -> r.url().toString()).orElse(null))).getBytes(StandardCharsets.UTF_8));
    for (Location location : Location.values()) {
      long count = stages.stream().filter(s -> s.location() == location).count();
      if (count > 0) {
        log.info(String.format(Locale.ROOT, "%d stage%s %s", count, count == 1 ? "" : "s", switch (location) {
          case LOCAL -> "in the user cache";
          case REMOTE -> "in the remote cache";
          case MISSING -> "to train";
        }));
      }
    }
    List<String> work = shardsWithWork(stages);
    log.info("Plan " + file + ": " + (work.isEmpty() ? "nothing to train" : "shards with work: "
        + String.join(", ", work)));
    return stages;
  }

  /** The shards with a missing stage, in order. */
  public static List<String> shardsWithWork(List<Stage> stages) {
    Set<String> shards = new TreeSet<>((a, b) -> Integer.compare(Integer.parseInt(a.split("/")[0]),
        Integer.parseInt(b.split("/")[0])));
    stages.stream().filter(s -> s.location() == Location.MISSING).forEach(s -> shards.add(s.shard()));
    return List.copyOf(shards);
  }

  /**
   * The plan as {@code plan.json} holds it: the stages, and a {@code matrix} of {@code include} entries, one per
   * shard with work ({@code shard}, {@code index}, {@code count}), which GitHub Actions' {@code fromJSON} takes as
   * a job matrix as it is.
   */
  public static Map<String, Object> json(List<Stage> stages, int shards, String remoteCache) {
    List<Map<String, Object>> include = new ArrayList<>();
    for (String shard : shardsWithWork(stages)) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("shard", shard);
      entry.put("index", Integer.parseInt(shard.split("/")[0]));
      entry.put("count", shards);
      include.add(entry);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("shards", shards);
    json.put("remoteCache", remoteCache);
    json.put("stages", stages);
    json.put("matrix", Map.of("include", include));
    return json;
  }
}
