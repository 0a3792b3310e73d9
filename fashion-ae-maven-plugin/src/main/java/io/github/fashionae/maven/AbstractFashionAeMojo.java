package io.github.fashionae.maven;

import io.github.fashionae.archive.DeterministicZip;
import io.github.fashionae.evaluation.GateFailedException;
import io.github.fashionae.evaluation.QualityGate;
import io.github.fashionae.fetch.FetchException;
import io.github.fashionae.fetch.ProxySettings;
import io.github.fashionae.fork.ForkException;
import io.github.fashionae.fork.Protocol;
import io.github.fashionae.stage.InvalidParameterException;
import io.github.fashionae.store.RemoteMissException;
import io.github.fashionae.store.ReproducibilityException;
import io.github.fashionae.training.Shard;
import io.github.fashionae.util.BuildLog;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MavenPluginManager;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;
import org.apache.maven.settings.Proxy;

/**
 * What every goal of the plugin shares: the parameters of every goal, the build's {@link BuildSession}, the
 * template of a goal's run (skip, checks of every execution before any work, the goal's own work), and the one
 * place where a failure becomes Maven's: {@link MojoFailureException} when the model or the data is bad (a gate, a
 * model that does not reproduce), {@link MojoExecutionException} when the build broke. Parameter {@code x} of any
 * goal is set from the command line by {@code -Dfashionae.x} ({@link #PROPERTY_PREFIX}).
 */
abstract class AbstractFashionAeMojo extends AbstractMojo {

  /** The prefix of every user property: parameter {@code x} is {@code fashionae.x}. */
  static final String PROPERTY_PREFIX = "fashionae.";

  /**
   * User properties of the unreleased 0.1.0 snapshots that were renamed, each to the parameter whose property
   * replaces it: a build that sets one fails before any work, naming the new one (it would train the defaults).
   */
  static final Map<String, String> RENAMED_PROPERTIES = Map.ofEntries(
      Map.entry("fashionae.connectTimeout", "connectTimeoutSeconds"),
      Map.entry("fashionae.readTimeout", "readTimeoutSeconds"),
      Map.entry("fashionae.datasetManifest", "manifestFile"),
      Map.entry("fashionae.java", "javaExecutable"),
      Map.entry("fashionae.autoencoder.dropout", "dropout"),
      Map.entry("fashionae.autoencoder.learningRate", "learningRate"),
      Map.entry("fashionae.autoencoder.optimizer", "optimizer"),
      Map.entry("fashionae.classifier.dropout", "classifierDropout"),
      Map.entry("fashionae.classifier.learningRate", "classifierLearningRate"),
      Map.entry("fashionae.classifier.optimizer", "classifierOptimizer"),
      Map.entry("fashionae.classifier.modes", "classifierModes"),
      Map.entry("fashionae.evaluate.stages", "stages"),
      Map.entry("fashionae.report.title", "reportTitle"),
      Map.entry("fashionae.report.attach", "attachReport"));

  /**
   * Skips every goal of this plugin.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.skip", defaultValue = "false")
  boolean skip;

  /**
   * The user cache shared by all builds of this user: verified dataset files, finished stages by fingerprint,
   * and checkpoints of stages in progress. It lies outside {@code target/} so that {@code mvn clean} keeps it.
   * Example: {@code -Dfashionae.cacheDirectory=/srv/ci-cache/fashion-ae}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.cacheDirectory", defaultValue = "${user.home}/.m2/fashion-ae")
  File cacheDirectory;

  /**
   * This machine's share of a build spread over N machines, as I/N (0 &lt;= I &lt; N): train only the experiments
   * whose position in the plan is I modulo N (the baseline is position 0, the declared experiments and expanded
   * sweeps follow), taking the others from the caches when there and otherwise leaving them for their shard. A
   * shard build trains only: evaluate, compare and report skip, and the gather build (with
   * {@code fashionae.remoteCache.required}) does them. Example: {@code -Dfashionae.shard=$INDEX/4}. None by default.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.shard", defaultValue = "")
  String shard;

  /**
   * Where each stage's model, history, evaluation, job and log go, one folder per stage, and
   * {@code experiments/<name>/<stage>/} for experiments. Example: {@code ${project.build.directory}/models}. Two
   * executions of a training goal need one each (the build fails before any work when they share one); outside
   * the default folder the models are attached with the folder's name before the stage's, e.g.
   * {@code models-autoencoder}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.outputDirectory", defaultValue = "${project.build.directory}/fashion-ae")
  File outputDirectory;

  /**
   * The dataset manifest: written by fetch-dataset (the verified files, their payload digests and counts), read by
   * the later goals. Example: {@code ${project.build.directory}/data/manifest.json}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.manifestFile",
      defaultValue = "${project.build.directory}/fashion-ae/dataset/manifest.json")
  File manifestFile;

  /**
   * The entry time of model archives, and the date a report shows, as for every reproducible Maven artifact:
   * an ISO-8601 instant such as {@code 2026-11-27T00:00:00Z}, or seconds since the epoch.
   *
   * @since 0.1.0
   */
  @Parameter(defaultValue = "${" + PROJECT_TIMESTAMP + "}")
  String outputTimestamp;

  /** The project property of reproducible builds that {@link #outputTimestamp} defaults to. */
  static final String PROJECT_TIMESTAMP = "project.build.outputTimestamp";

  @Parameter(defaultValue = "${session}", readonly = true)
  MavenSession session;

  @Parameter(defaultValue = "${plugin}", readonly = true)
  PluginDescriptor plugin;

  @Parameter(defaultValue = "${project}", readonly = true)
  MavenProject project;

  @Component
  MavenPluginManager pluginManager;

  @Component
  MavenProjectHelper projectHelper;

  /** What this build knows across goals and projects; one per Maven session ({@link BuildSession#of}). */
  BuildSession build;

  /**
   * True while this mojo is only configured and checked for the first goal of the build ({@link Executions}): what a
   * build says once (offline, unauthenticated) waits for the goal's own run.
   */
  boolean checking;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (build == null) {
      build = BuildSession.of(session);
    }
    requireTypedProperties();
    if (skip) {
      getLog().info("Skipping " + goal() + " (fashionae.skip=true)");
      return;
    }
    requireCurrentProperties();
    warnAboutUnknownProperties();
    Optional<Shard> share = shard();
    if (share.isPresent() && !runsInShardBuilds()) {
      getLog().info("Skipping " + goal() + ": a shard build (fashionae.shard=" + share.get() + ") trains its share "
          + "only; the gather build runs " + goal());
      return;
    }
    Executions.checkOnce(session, project, plugin, pluginManager, build, goal(), getLog());
    try {
      run();
    } catch (InvalidParameterException e) {
      throw invalid(e);
    } catch (QualityGate.InvalidRuleException e) {
      throw new MojoExecutionException("Invalid quality gate rule " + e.getMessage(), e);
    } catch (ReproducibilityException | GateFailedException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (RemoteMissException e) {
      throw new MojoExecutionException(e.advice("fashionae.remoteCache.required"), e);
    } catch (ForkException | FetchException | IOException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    }
  }

  /**
   * Checks this goal's configuration as {@link #run()} will read it, without any work or I/O: what the first goal of
   * a build checks for every execution of the plugin in the project.
   */
  abstract void validate() throws MojoExecutionException;

  /**
   * The goal's work, when not skipped: build the request from the parameters, make one call, attach what it made.
   * The exceptions it throws become the build's in {@link #execute()}.
   */
  abstract void run() throws MojoExecutionException, MojoFailureException, IOException, ForkException,
      FetchException, ReproducibilityException, GateFailedException;

  /** The goal's name, for messages. */
  abstract String goal();

  /** The folders this goal writes, which no other execution in the project may write too. */
  List<Path> outputFolders() throws MojoExecutionException {
    return List.of();
  }

  /**
   * The folders this goal reads by name from its configuration (a quality-gate rule's stage, a comparison's
   * experiment): each must be written by an execution of the project, or exist already.
   */
  List<Executions.Needed> neededFolders() throws MojoExecutionException {
    return List.of();
  }

  /** False for the goals that need every stage of the build (evaluate, compare, report): they skip in a shard. */
  boolean runsInShardBuilds() {
    return true;
  }

  /** This machine's share of the build, validated; empty on one machine. */
  Optional<Shard> shard() throws MojoExecutionException {
    if (shard == null || shard.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Shard.parse(shard));
    } catch (InvalidParameterException e) {
      throw invalid(e);
    }
  }

  /** The plugin's log for the Maven-free logic: a line it says once per build is said once in all goals. */
  BuildLog buildLog() {
    return new MavenBuildLog(getLog(), build);
  }

  String pluginVersion() {
    return plugin == null ? "dev" : plugin.getVersion();
  }

  Path stageDirectory(String stage) {
    return outputDirectory.toPath().resolve(stage);
  }

  void attach(String type, String classifier, Path file) {
    if (project != null && projectHelper != null) {
      projectHelper.attachArtifact(project, type, classifier, file.toFile());
    }
  }

  /**
   * {@link #outputTimestamp} as an instant, or the zip epoch when unset.
   *
   * @throws MojoExecutionException naming the parameter as the POM set it: the plugin's {@code <outputTimestamp>},
   *     or the project's {@code project.build.outputTimestamp} property it defaults to
   */
  Instant entryTime() throws MojoExecutionException {
    try {
      return DeterministicZip.entryTime(outputTimestamp);
    } catch (IllegalArgumentException e) {
      String fromProject = project == null ? null : project.getProperties().getProperty(PROJECT_TIMESTAMP);
      String named = outputTimestamp.equals(fromProject) ? "outputTimestamp (the project's " + PROJECT_TIMESTAMP
          + " property)" : "outputTimestamp";
      throw new MojoExecutionException("Invalid parameter " + named + ": " + e.getMessage());
    }
  }

  /** The day (UTC) of {@link #outputTimestamp}, as a report shows it; null when it is unset. */
  String outputDay() throws MojoExecutionException {
    if (outputTimestamp == null || outputTimestamp.trim().length() <= 1) {
      return null;
    }
    return entryTime().atOffset(ZoneOffset.UTC).toLocalDate().toString();
  }

  /**
   * Parameter families whose properties nest under the family's name: {@code remoteCachePush} is
   * {@code fashionae.remoteCache.push}, as Gradle's and the issue tracker's readers would write it.
   */
  static final List<String> PROPERTY_FAMILIES = List.of("remoteCache");

  /**
   * The user property of parameter {@code parameter}: {@code fashionae.<parameter>}, or for a parameter of a family
   * {@code fashionae.<family>.<rest>} ({@link #PROPERTY_FAMILIES}).
   */
  static String property(String parameter) {
    for (String family : PROPERTY_FAMILIES) {
      if (parameter.length() > family.length() && parameter.startsWith(family)
          && Character.isUpperCase(parameter.charAt(family.length()))) {
        String rest = parameter.substring(family.length());
        return PROPERTY_PREFIX + family + "." + Character.toLowerCase(rest.charAt(0)) + rest.substring(1);
      }
    }
    return PROPERTY_PREFIX + parameter;
  }

  /** settings.xml's active proxies, for the goals that go online (the dataset's mirrors, the remote cache). */
  ProxySettings proxies() {
    if (session == null || session.getSettings() == null) {
      return ProxySettings.NONE;
    }
    List<ProxySettings.Proxy> active = new ArrayList<>();
    for (Proxy proxy : session.getSettings().getProxies()) {
      if (proxy.isActive()) {
        active.add(new ProxySettings.Proxy(proxy.getProtocol(), proxy.getHost(), proxy.getPort(),
            proxy.getUsername(), proxy.getPassword(), proxy.getNonProxyHosts()));
      }
    }
    return new ProxySettings(active);
  }

  /**
   * A configuration error naming the parameter and, where it is a parameter of the plugin, its user property. It
   * has no cause: Maven appends every cause's message that the message does not contain, which would say it all
   * twice.
   */
  MojoExecutionException invalid(InvalidParameterException e) {
    String name = e.parameter();
    boolean parameter = plugin == null ? name.matches("[a-zA-Z]+") : plugin.getMojos().stream()
        .flatMap(mojo -> mojo.getParameters().stream()).anyMatch(p -> p.getName().equals(name));
    String named = parameter ? name + " (" + property(name) + ")" : name;
    return new MojoExecutionException("Invalid parameter " + named + ": expected " + e.expected() + ", found "
        + e.found());
  }

  /**
   * Fails on a user property of a boolean parameter of this plugin that is neither {@code true} nor {@code false}
   * (any case): Maven reads {@code -Dfashionae.skip=yes} as false, and the build would run what it was told to skip.
   * A property of a number parameter that is no number ({@code -Dfashionae.epochs=abc}) fails here too, naming the
   * parameter and its property, where Maven's own "Cannot convert 'abc' to int" would name neither.
   */
  private void requireTypedProperties() throws MojoExecutionException {
    Properties user = session == null ? null : session.getUserProperties();
    if (user == null || plugin == null) {
      return;
    }
    for (Map.Entry<String, org.apache.maven.plugin.descriptor.Parameter> each : propertyParameters().entrySet()) {
      String value = user.getProperty(each.getKey());
      if ("boolean".equals(each.getValue().getType()) && value != null && !value.trim().equalsIgnoreCase("true")
          && !value.trim().equalsIgnoreCase("false")) {
        throw new MojoExecutionException("Invalid parameter " + each.getValue().getName() + " (" + each.getKey()
            + "): expected true or false, found '" + value + "' (Maven would read it as false)");
      }
      String number = value == null ? null : numberProblem(each.getValue().getType(), value.trim());
      if (number != null) {
        throw new MojoExecutionException("Invalid parameter " + each.getValue().getName() + " (" + each.getKey()
            + "): expected " + number + ", found '" + value + "'");
      }
    }
  }

  /** What a number parameter of {@code type} expects, when {@code value} is not one; null when it is (or no number). */
  static String numberProblem(String type, String value) {
    try {
      switch (type) {
        case "int", "java.lang.Integer" -> Integer.parseInt(value);
        case "long", "java.lang.Long" -> Long.parseLong(value);
        case "double", "java.lang.Double" -> Double.parseDouble(value);
        default -> {
          return null;
        }
      }
      return null;
    } catch (NumberFormatException e) {
      return type.endsWith("ouble") ? "a number such as 0.001" : "a whole number";
    }
  }

  /** Fails on a renamed property of the unreleased snapshots, naming its replacement ({@link #RENAMED_PROPERTIES}). */
  private void requireCurrentProperties() throws MojoExecutionException {
    Properties user = session == null ? null : session.getUserProperties();
    if (user == null) {
      return;
    }
    for (String name : new TreeSet<>(user.stringPropertyNames())) {
      String renamed = RENAMED_PROPERTIES.get(name);
      if (renamed != null) {
        throw new MojoExecutionException(name + " was renamed: set " + property(renamed) + " instead (parameter "
            + renamed + ")");
      }
    }
  }

  /** The parameters of this plugin's goals that a {@code fashionae.*} user property sets, by property. */
  private Map<String, org.apache.maven.plugin.descriptor.Parameter> propertyParameters() {
    Map<String, org.apache.maven.plugin.descriptor.Parameter> parameters = new TreeMap<>();
    for (MojoDescriptor mojo : plugin.getMojos()) {
      for (var parameter : mojo.getParameters()) {
        String expression = parameter.getExpression();
        if (expression != null && expression.startsWith("${" + PROPERTY_PREFIX) && expression.endsWith("}")) {
          parameters.putIfAbsent(expression.substring(2, expression.length() - 1), parameter);
        }
      }
    }
    return parameters;
  }

  /**
   * Warns, once per build, about every {@code fashionae.*} user property that no parameter of this plugin reads
   * (a typo trains the defaults otherwise), naming the closest real one.
   */
  private void warnAboutUnknownProperties() {
    Properties user = session == null ? null : session.getUserProperties();
    if (user == null || plugin == null || build == null || !build.firstTime("unknown user properties")) {
      return;
    }
    Set<String> known = new TreeSet<>();
    known.add(Protocol.HALT_AFTER_EPOCH_PROPERTY);
    known.addAll(propertyParameters().keySet());
    for (String name : new TreeSet<>(user.stringPropertyNames())) {
      if (name.startsWith(PROPERTY_PREFIX) && !known.contains(name)) {
        Optional<String> suggested = PropertyNames.closest(name, known);
        getLog().warn(name + " is not a property of any fashion-ae goal, so it is ignored" + suggested.map(
            closest -> "; did you mean " + closest + "?").orElse(" (each goal's page lists its properties)"));
      }
    }
  }
}
