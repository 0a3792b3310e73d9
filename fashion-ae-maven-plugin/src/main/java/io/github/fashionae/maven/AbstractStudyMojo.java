package io.github.fashionae.maven;

import io.github.fashionae.experiments.Experiment;
import io.github.fashionae.experiments.ExperimentPlan;
import io.github.fashionae.experiments.Experiments;
import io.github.fashionae.experiments.ExperimentsRequest;
import io.github.fashionae.experiments.Overrides;
import io.github.fashionae.fork.ForkedJvm;
import io.github.fashionae.fork.JvmCheck;
import io.github.fashionae.remote.RemoteCacheConfig;
import io.github.fashionae.stage.AutoencoderSpec;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.DataOptions;
import io.github.fashionae.stage.EngineIdentity;
import io.github.fashionae.stage.InvalidParameterException;
import io.github.fashionae.stage.Optimizer;
import io.github.fashionae.stage.StageFiles;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.stage.ValidationSet;
import io.github.fashionae.store.CachedSteps;
import io.github.fashionae.training.TrainingRequest;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.eclipse.aether.RepositorySystem;

/**
 * What the goals of the study share (train-autoencoder, train-classifier, experiments, plan, evaluate): the engine
 * (its JVM, numerics and threads), the stage caches (user and remote), the data, the schedule, both networks'
 * settings and the declared experiments. Each is declared once, here, so that a plugin-level
 * {@code <configuration>} sets it for every goal, and each goal reads what its stages need. The methods build the
 * goals' requests from them, validated, before any work.
 */
abstract class AbstractStudyMojo extends AbstractFashionAeMojo {

  /**
   * Threads of each forked training and evaluation JVM: the portable numerics' threads, and ND4J's OpenMP threads.
   * With the default portable numerics the results are the same bits whatever the count, so it is no fingerprint
   * input; with {@code numerics=native} they are bit-identical only for the same count, which is then a fingerprint
   * input. Example: {@code -Dfashionae.threads=2}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.threads", defaultValue = "1")
  int threads;

  /**
   * Maximum heap of each forked JVM, its {@code -Xmx}: a number with a unit, e.g. {@code 512m} or {@code 2g}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.maxHeap", defaultValue = "512m")
  String maxHeap;

  /**
   * Further JVM arguments of the forked JVMs, whitespace-separated, e.g. {@code -XX:+UseSerialGC -verbose:gc};
   * none by default.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.jvmArgs", defaultValue = "")
  String jvmArgs;

  /**
   * The java executable that runs the forked JVMs, e.g. {@code /usr/lib/jvm/java-21-openjdk-amd64/bin/java}. 
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.javaExecutable", defaultValue = "${java.home}/bin/java")
  File javaExecutable;

  /**
   * Redo the work even when the cache holds its result, and replace the cache entry: {@code -Dfashionae.force}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.force", defaultValue = "false")
  boolean force;

  /**
   * Which numerics train and evaluate the stages: {@code portable}, the default, the project's own Java kernels,
   * whose every sum runs in an order fixed by the code, so that a stage's bytes are the same on every x86-64 CPU, on
   * every Java 17+ JVM and with any thread count, and one cache entry serves every machine (its fingerprint holds the
   * portable numerics' revision instead of the platform and the thread count); or {@code native}, DL4J's own layers
   * on oneDNN and OpenBLAS, whose bits depend on the CPU's kernels and the thread count (both in its fingerprint).
   * Example: {@code -Dfashionae.numerics=native}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.numerics", defaultValue = "portable")
  String numerics;

  /**
   * The base URL of a remote stage cache shared by the machines of a team or a CI, e.g.
   * {@code https://cache.example.org/fashion-ae}: stages and evaluations are read from
   * {@code <url>/v1/stages/<fingerprint>/<file>} after the user cache and before any training, and (with
   * {@code remoteCachePush}) written there. Any HTTP server that stores PUT bodies serves, e.g. nginx with WebDAV.
   * None by default. Offline ({@code -o}) it is not used.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.remoteCache", defaultValue = "")
  String remoteCache;

  /**
   * Upload what this build trains or evaluates (and what its user cache holds that the remote lacks) to the remote
   * cache: {@code -Dfashionae.remoteCache.push=true} in the CI job that publishes. A failed push is a warning.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.remoteCache.push", defaultValue = "false")
  boolean remoteCachePush;

  /**
   * The {@code <server>} of settings.xml whose credentials the remote cache gets: its username and password as
   * Basic authorization, and its {@code <configuration><httpHeaders>} (a token, say), as Maven's HTTP transport
   * reads them. Example: {@code -Dfashionae.remoteCache.serverId=fashion-ae-cache}. None by default.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.remoteCache.serverId", defaultValue = "")
  String remoteCacheServerId;

  /**
   * Fail, before any training, when a stage is in neither the user nor the remote cache, instead of training it:
   * {@code -Dfashionae.remoteCache.required=true} for the gather build after the shards pushed. Evaluations still run.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.remoteCache.required", defaultValue = "false")
  boolean remoteCacheRequired;

  /**
   * Seconds to wait for the remote cache's connection, its response, and more data while a file streams, e.g.
   * {@code 30}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.remoteCache.timeoutSeconds", defaultValue = "30")
  int remoteCacheTimeoutSeconds;

  /**
   * The longest, in seconds, that one request to the remote cache may take in all (a file's download or upload,
   * its redirects and a PUT's second try included), however steadily the server trickles data, e.g. {@code 300}.
   * A request past it is a warning, and the remote is not tried again in that build.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.remoteCache.deadlineSeconds", defaultValue = "300")
  int remoteCacheDeadlineSeconds;

  /**
   * The largest file, in MiB, that the remote cache may serve for an entry, e.g. {@code 64}: a study stage's models
   * are about 1 MiB. A larger file is not downloaded beyond the limit; the entry is not used, with a warning.
   * ({@code SHA256SUMS} has its own bound of 16 KiB.)
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.remoteCache.maxFileMegabytes", defaultValue = "64")
  int remoteCacheMaxFileMegabytes;

  /**
   * A file of the Ed25519 public keys whose signed remote cache entries this build takes, e.g.
   * {@code ${project.basedir}/.fashion-ae/trusted-keys.pub} kept in the repository: each key as
   * {@code openssl pkey -in KEY -pubout} prints it (its PEM block, or the base64 line inside it); lines starting
   * with {@code #} are comments. With keys listed, an entry that is unsigned, or signed by another key, or whose
   * signature does not verify, is not used (one warning, then the stage is done here). None by default: entries are
   * taken when they are consistent, without authentication, and the log says so once.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.remoteCache.trustedKeys")
  File remoteCacheTrustedKeys;

  /**
   * The Ed25519 private key, in PEM as {@code openssl genpkey -algorithm ed25519} writes it, with which this build
   * signs what it pushes to the remote cache, e.g. {@code -Dfashionae.remoteCache.signingKey=$HOME/.fashion-ae/
   * signing.pem} from a CI secret. Its public key must be in {@code remoteCacheTrustedKeys}. A signing build also
   * replaces a remote entry that no trusted key signed. When unset, the {@code <privateKey>} of the settings.xml
   * {@code <server>} named by {@code remoteCacheServerId} is used, if it has one. The key never enters the POM or
   * the log. None by default: pushes are unsigned.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.remoteCache.signingKey")
  File remoteCacheSigningKey;

  /**
   * Audit remote cache hits: do a sample of them again here and fail the build, with both digests, when the bytes
   * differ from the remote entry's. A fraction of the entries, such as {@code 0.1} (chosen by the fingerprint's
   * digest, so every build audits the same ones; {@code 1.0} audits every hit), or a count, such as {@code 2} (the
   * first hits of the build). {@code 0}, the default: none.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.remoteCache.audit", defaultValue = "0")
  String remoteCacheAudit;

  @Parameter(defaultValue = "${plugin.artifacts}", readonly = true)
  List<Artifact> pluginArtifacts;


  /**
   * Examples per minibatch, e.g. {@code 100}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.batchSize", defaultValue = "100")
  int batchSize;

  /**
   * Passes over the training data; the property overrides every stage at once, e.g. {@code -Dfashionae.epochs=3}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.epochs", defaultValue = "30")
  int epochs;

  /**
   * Seeds weight initialisation, the validation hold-out, shuffling and dropout masks; any whole number.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.seed", defaultValue = "42")
  long seed;

  /**
   * Where validation losses come from: {@code holdout} (images held out of the training file; the test set
   * stays unseen) or {@code test} (the official test images, the course's own convention).
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.validation", defaultValue = "holdout")
  String validation;

  /**
   * Training images held out for validation, e.g. {@code 10000}: fewer than the 60,000 there are (with
   * {@code validation=test}: test images used, at most 10,000, 0 for all of them).
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.validationSize", defaultValue = "10000")
  int validationSize;

  /**
   * Train on the first N training images only, 0 for all; at most the images left after the hold-out (60,000
   * less {@code validationSize}). The property overrides every stage at once, e.g.
   * {@code -Dfashionae.trainLimit=2000} for a quick look.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.trainLimit", defaultValue = "0")
  int trainLimit;

  /**
   * Retrain, and fail the build when the new model's SHA-256 differs from the cached model of the same
   * inputs, printing both (the moral equivalent of {@code artifact:compare}): {@code -Dfashionae.verifyReproducible}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.verifyReproducible", defaultValue = "false")
  boolean verifyReproducible;


  /**
   * Size n of the latent code, the linear bottleneck's width, e.g. {@code 64}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.latentSize", defaultValue = "64")
  int latentSize;

  /**
   * Keep the linear layers between the convolutions and the transposed convolutions; {@code false} trains the
   * study's ablation (Fig. 6).
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.linearBottleneck", defaultValue = "true")
  boolean linearBottleneck;

  /**
   * The autoencoder's probability to drop an activation (PyTorch's p), in [0, 1), e.g. {@code 0.2}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.dropout", defaultValue = "0.2")
  double dropout;

  /**
   * The autoencoder's learning rate, above 0, e.g. {@code 0.001}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.learningRate", defaultValue = "0.001")
  double learningRate;

  /**
   * The autoencoder's optimizer: {@code adam} or {@code sgd}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.optimizer", defaultValue = "adam")
  String optimizer;

  /**
   * The classifier's probability to drop an activation (PyTorch's p), in [0, 1), e.g. {@code 0.2}; an experiment
   * overrides it with {@code classifierDropout} in its {@code <set>}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.classifierDropout", defaultValue = "0.2")
  double classifierDropout;

  /**
   * The classifier's learning rate, above 0, e.g. {@code 0.001}; an experiment overrides it with
   * {@code classifierLearningRate}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.classifierLearningRate", defaultValue = "0.001")
  double classifierLearningRate;

  /**
   * The classifier's optimizer, {@code adam} or {@code sgd}; an experiment overrides it with
   * {@code classifierOptimizer}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.classifierOptimizer", defaultValue = "adam")
  String classifierOptimizer;

  /**
   * The baseline's classifiers, as train-classifier trains them and plan counts them: {@code finetune} (the encoder
   * trains too), {@code frozen} (only the head trains), or both; comma-separated on the command line, e.g.
   * {@code -Dfashionae.classifierModes=frozen}. (An experiment's are its {@code classifierModes} override, none by
   * default.)
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.classifierModes", defaultValue = "finetune,frozen")
  List<String> classifierModes;

  /**
   * The experiments, each a {@code <name>} and the inputs it {@code <set>}s, e.g.
   * {@code <experiment><name>no-linear</name><set><linearBottleneck>false</linearBottleneck></set></experiment>}.
   * Trained by the experiments goal, planned by plan. None by default.
   *
   * @since 0.1.0
   */
  @Parameter
  List<ExperimentConfig> experiments;

  /**
   * Sweeps: each a {@code <name>}, the keys it {@code <vary>}s (comma-separated values, e.g.
   * {@code <learningRate>0.01,0.001</learningRate>}) and what it {@code <set>}s for all of them. Trained by the
   * experiments goal, planned by plan. None by default.
   *
   * @since 0.1.0
   */
  @Parameter
  List<SweepConfig> sweeps;

  @Component
  SettingsDecrypter settingsDecrypter;

  /** The smallest heap the engine trains a study network in. */
  static final long MIN_HEAP_BYTES = 128L << 20;

  /** A size as {@code -Xmx} takes it: a number and an optional unit. */
  private static final Pattern HEAP_SIZE = Pattern.compile("(\\d{1,9})([kKmMgGtT]?)");

  /**
   * The engine's identity for fingerprints: DL4J, natives, training revision and this plugin's version, and the
   * portable numerics' revision in place of a platform when chosen.
   */
  String engine() throws MojoExecutionException {
    String software = EngineIdentity.of(pluginVersion());
    return portable() ? EngineIdentity.portable(software) : software;
  }

  /** True when {@link #numerics} is {@code portable}; a value other than native or portable is a configuration error. */
  boolean portable() throws MojoExecutionException {
    String value = numerics == null ? "portable" : numerics.trim().toLowerCase(Locale.ROOT);
    if (!value.equals("native") && !value.equals("portable")) {
      throw invalid(new InvalidParameterException("numerics", "native or portable", "'" + numerics + "'"));
    }
    return value.equals("portable");
  }

  /** The request every stage of this goal trains under, validated. */
  TrainingRequest trainingRequest() throws MojoExecutionException {
    try {
      DataOptions data = new DataOptions(ValidationSet.parse("validation", validation), validationSize, trainLimit);
      CachedSteps.Mode mode = verifyReproducible ? CachedSteps.Mode.VERIFY
          : force ? CachedSteps.Mode.REDO : CachedSteps.Mode.REUSE;
      return new TrainingRequest(manifestFile.toPath(), data, threads(), engine(), entryTime().toString(),
          cacheDirectory.toPath(), mode, fork(), remoteCacheConfig());
    } catch (InvalidParameterException e) {
      throw invalid(e);
    }
  }

  /** {@link #threads}, checked. */
  int threads() throws MojoExecutionException {
    if (threads < 1) {
      throw invalid(new InvalidParameterException("threads", "at least 1", threads));
    }
    return threads;
  }

  /** The autoencoder's shape, validated. */
  AutoencoderSpec autoencoderSpec() throws MojoExecutionException {
    try {
      return new AutoencoderSpec(latentSize, linearBottleneck);
    } catch (InvalidParameterException e) {
      throw invalid(e);
    }
  }

  /** The autoencoder's training settings, validated. */
  TrainingSettings autoencoderSettings() throws MojoExecutionException {
    return settings("", optimizer, learningRate, dropout);
  }

  /** The classifiers' training settings, validated. */
  TrainingSettings classifierSettings() throws MojoExecutionException {
    return settings("classifier", classifierOptimizer, classifierLearningRate, classifierDropout);
  }

  /** The baseline the experiments' overrides apply to. */
  Overrides.Baseline baseline() throws MojoExecutionException {
    return new Overrides.Baseline(autoencoderSpec(), autoencoderSettings(), classifierSettings());
  }

  /** Training settings of the schedule, validated; {@code prefix} names the network's parameters. */
  private TrainingSettings settings(String prefix, String optimizer, double learningRate, double dropout)
      throws MojoExecutionException {
    try {
      return new TrainingSettings(Optimizer.parse("optimizer", optimizer), learningRate, dropout, batchSize, epochs,
          seed);
    } catch (InvalidParameterException e) {
      String name = e.parameter();
      boolean own = name.equals("optimizer") || name.equals("learningRate") || name.equals("dropout");
      throw invalid(own && !prefix.isEmpty() ? e.of(prefix) : e);
    }
  }

  /**
   * The baseline's classifier modes ({@link #classifierModes}, blank entries skipped), in order; empty when none is
   * named.
   *
   * @throws MojoExecutionException naming {@code classifierModes} for a name that is no mode
   */
  Set<ClassifierMode> modes() throws MojoExecutionException {
    Set<ClassifierMode> parsed = new LinkedHashSet<>();
    try {
      for (String mode : classifierModes == null ? List.<String>of() : classifierModes) {
        if (mode != null && !mode.isBlank()) {
          parsed.add(ClassifierMode.parse("classifierModes", mode));
        }
      }
    } catch (InvalidParameterException e) {
      throw invalid(e);
    }
    return parsed;
  }

  /** The declared experiments and expanded sweeps, validated before any work. */
  List<Experiment> plan() throws MojoExecutionException {
    List<Experiment> declared = new ArrayList<>();
    for (ExperimentConfig config : experiments == null ? List.<ExperimentConfig>of() : experiments) {
      declared.add(new Experiment(config.name, config.set == null ? new TreeMap<>() : new TreeMap<>(config.set)));
    }
    List<ExperimentPlan.Sweep> declaredSweeps = new ArrayList<>();
    for (SweepConfig sweep : sweeps == null ? List.<SweepConfig>of() : sweeps) {
      Map<String, List<String>> vary = new TreeMap<>();
      if (sweep.vary != null) {
        sweep.vary.forEach((key, values) -> vary.put(key, values == null ? List.of()
            : Arrays.stream(values.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList()));
      }
      declaredSweeps.add(new ExperimentPlan.Sweep(sweep.name, vary, sweep.set));
    }
    try {
      return ExperimentPlan.expand(declared, declaredSweeps);
    } catch (ExperimentPlan.InvalidPlanException e) {
      throw new MojoExecutionException("Invalid experiments: " + e.getMessage(), e);
    }
  }

  /**
   * The experiments' request: the plan against the baseline (every override resolved, so that a bad one fails before
   * any work) and the training inputs, with {@code parallel} experiments at once.
   */
  ExperimentsRequest experimentsRequest(int parallel) throws MojoExecutionException {
    List<Experiment> plan = plan();
    Overrides.Baseline baseline = baseline();
    try {
      Experiments.jobs(plan, baseline, outputDirectory.toPath());
    } catch (InvalidParameterException e) {
      throw invalid(e);
    }
    return new ExperimentsRequest(trainingRequest(), plan, baseline, outputDirectory.toPath(), parallel, shard());
  }

  /** The remote cache this goal uses, validated; empty without one, or offline (said once in the build). */
  Optional<RemoteCacheConfig> remoteCacheConfig() throws MojoExecutionException {
    RemoteCacheSettings settings = new RemoteCacheSettings(remoteCache, remoteCachePush, remoteCacheServerId,
        remoteCacheRequired, remoteCacheTimeoutSeconds, remoteCacheDeadlineSeconds, remoteCacheMaxFileMegabytes,
        remoteCacheTrustedKeys, remoteCacheSigningKey, remoteCacheAudit);
    try {
      return settings.config(session, settingsDecrypter, proxies(), build, checking, getLog());
    } catch (InvalidParameterException e) {
      throw invalid(e);
    }
  }

  /**
   * Finds a release of {@code text}'s coordinates ({@link MavenReleaseFinder.Coordinates}) through Maven's resolver,
   * with this project's repositories and this build's session (mirrors, credentials, offline).
   *
   * @throws MojoExecutionException naming {@code parameter} when the coordinates cannot be parsed
   */
  MavenReleaseFinder releaseFinder(String parameter, String text) throws MojoExecutionException {
    try {
      MavenReleaseFinder.Coordinates coordinates = MavenReleaseFinder.Coordinates.parse(parameter, text,
          project.getGroupId(), project.getArtifactId());
      return new MavenReleaseFinder(repositorySystem, session.getRepositorySession(),
          project.getRemoteProjectRepositories(), coordinates, project.getVersion(),
          stage -> artifactClassifier(outputDirectory.toPath().resolve(stage)));
    } catch (InvalidParameterException e) {
      throw invalid(e);
    }
  }

  /**
   * Attaches a stage's models under the classifier {@code <stage>}: {@code model.zip} (type zip) and
   * {@code model.onnx} (type onnx), and its model card as {@code <stage>-card} (type json).
   */
  void attachModels(Path directory) {
    String classifier = artifactClassifier(directory);
    attach("zip", classifier, directory.resolve(StageFiles.MODEL));
    attach("onnx", classifier, directory.resolve(StageFiles.ONNX));
    attach("json", classifier + "-card", directory.resolve(StageFiles.MODEL_CARD));
  }

  /**
   * The classifier the stage's model is attached with: the stage's name ({@code autoencoder}), or, when the output
   * directory is not the default {@code target/fashion-ae}, the folder's name and the stage's
   * ({@code models-a-autoencoder}), so that two executions with a folder each attach two artifacts.
   */
  String artifactClassifier(Path stageDirectory) {
    String stage = stageDirectory.getFileName().toString();
    if (project == null || project.getBuild() == null || project.getBuild().getDirectory() == null) {
      return stage;
    }
    Path standard = Path.of(project.getBuild().getDirectory(), "fashion-ae").toAbsolutePath().normalize();
    return outputDirectory.toPath().toAbsolutePath().normalize().equals(standard) ? stage
        : outputDirectory.getName() + "-" + stage;
  }

  /** Maven's resolver, which finds released models in the build's repositories. */
  @Component
  RepositorySystem repositorySystem;

  /** How to start the forked engine JVM: this plugin's own classpath, the configured java, heap and options. */
  ForkedJvm.Fork fork() throws MojoExecutionException {
    Set<Path> classpath = new LinkedHashSet<>();
    if (plugin != null && plugin.getPluginArtifact() != null && plugin.getPluginArtifact().getFile() != null) {
      classpath.add(plugin.getPluginArtifact().getFile().toPath());
    }
    for (Artifact artifact : pluginArtifacts == null ? List.<Artifact>of() : pluginArtifacts) {
      if (artifact.getFile() != null) {
        classpath.add(artifact.getFile().toPath());
      }
    }
    if (classpath.isEmpty()) {
      throw new MojoExecutionException("Cannot run " + goal() + ": the plugin's own artifacts are unknown, so the "
          + "forked JVM has no classpath");
    }
    List<String> extra = jvmArgs == null || jvmArgs.isBlank() ? List.of()
        : Arrays.asList(jvmArgs.trim().split("\\s+"));
    ForkedJvm.Fork fork = new ForkedJvm.Fork(javaExecutable.toPath(), new ArrayList<>(classpath), heap(), extra);
    Optional<JvmCheck.Problem> problem;
    try {
      problem = JvmCheck.problem(fork);
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot check the engine JVM's java and options: " + e.getMessage(), e);
    }
    if (problem.isPresent()) {
      String parameter = problem.get().part() == JvmCheck.Part.JAVA ? "javaExecutable"
          : extra.isEmpty() ? "maxHeap" : "jvmArgs";
      throw invalid(new InvalidParameterException(parameter, problem.get().expected(), problem.get().found()));
    }
    return fork;
  }

  /** {@code maxHeap}, checked: what {@code -Xmx} takes, and enough for the engine. */
  private String heap() throws MojoExecutionException {
    Matcher size = HEAP_SIZE.matcher(maxHeap == null ? "" : maxHeap.trim());
    long bytes = !size.matches() ? -1 : Long.parseLong(size.group(1)) << switch (size.group(2).toLowerCase(
        Locale.ROOT)) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      case "t" -> 40;
      default -> 0;
    };
    if (bytes < MIN_HEAP_BYTES) {
      throw invalid(new InvalidParameterException("maxHeap", "a heap size of at least 128m for the engine JVM's "
          + "-Xmx, a number with a unit k, m or g, e.g. 512m or 2g", "'" + maxHeap + "'"));
    }
    return maxHeap.trim();
  }
}
