package io.github.fashionae.maven;

import io.github.fashionae.fetch.ProxySettings;
import io.github.fashionae.fork.ForkedJvm;
import io.github.fashionae.stage.InvalidParameterException;
import io.github.fashionae.training.Shard;
import io.github.fashionae.util.BuildLog;
import java.io.File;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.WeakHashMap;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MavenPluginManager;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Proxy;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * What every goal of the plugin shares: the {@code skip} switch, the user cache, the log adapter, and the
 * plugin's one rule for user properties: parameter {@code x} is set from the command line by
 * {@code -Dfashionae.x} ({@link #PROPERTY_PREFIX}). Property names of earlier versions still work, with a warning
 * ({@link #DEPRECATED_PROPERTIES}).
 */
abstract class AbstractFashionAeMojo extends AbstractMojo {

  /** The prefix of every user property: parameter {@code x} is {@code fashionae.x}. */
  static final String PROPERTY_PREFIX = "fashionae.";

  /** The builds (their requests) whose unknown properties were already warned about. */
  private static final Set<Object> WARNED = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  /** User properties of version 0.1.0 that were renamed, each to the parameter whose property replaces it. */
  static final Map<String, String> DEPRECATED_PROPERTIES = Map.ofEntries(
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

  @Parameter(defaultValue = "${session}", readonly = true)
  MavenSession session;

  @Parameter(defaultValue = "${mojoExecution}", readonly = true)
  MojoExecution mojoExecution;

  @Parameter(defaultValue = "${plugin}", readonly = true)
  PluginDescriptor plugin;

  @Parameter(defaultValue = "${project}", readonly = true)
  MavenProject project;

  @Component
  MavenPluginManager pluginManager;

  /**
   * True while this mojo is only configured and checked for the first goal of the build ({@link Executions}): what a
   * build says once (offline, unauthenticated) waits for the goal's own run.
   */
  boolean checking;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    requireTypedProperties();
    if (skip) {
      getLog().info("Skipping " + goal() + " (fashionae.skip=true)");
      return;
    }
    warnAboutUnknownProperties();
    Optional<Shard> share = shard();
    if (share.isPresent() && !runsInShardBuilds()) {
      getLog().info("Skipping " + goal() + ": a shard build (fashionae.shard=" + share.get() + ") trains its share "
          + "only; the gather build runs " + goal());
      return;
    }
    prepare();
    Executions.checkOnce(session, project, plugin, pluginManager, goal(), getLog());
    run();
  }

  /**
   * Checks this goal's configuration as {@link #run()} will read it, without any work or I/O: what the first goal of
   * a build checks for every execution of the plugin in the project.
   */
  abstract void validate() throws MojoExecutionException;

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

  /** False for the goals that need every stage of the build (evaluate, compare, report): they skip in a shard. */
  boolean runsInShardBuilds() {
    return true;
  }

  /** The goal's name, for messages. */
  abstract String goal();

  /** The goal's work, when not skipped. */
  abstract void run() throws MojoExecutionException, MojoFailureException;

  BuildLog buildLog() {
    return new MavenBuildLog(getLog());
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
   * A configuration error naming the parameter and, where this goal has it, its user property. It has no cause:
   * Maven appends every cause's message that the message does not contain, which would say it all twice.
   */
  MojoExecutionException invalid(InvalidParameterException e) {
    String name = e.parameter();
    String named = field(name).isPresent() ? name + " (" + property(name) + ")" : name;
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
    if (user == null || plugin == null || !WARNED.add(session.getRequest())) {
      return;
    }
    Set<String> known = new TreeSet<>(DEPRECATED_PROPERTIES.keySet());
    known.add(ForkedJvm.HALT_AFTER_EPOCH_PROPERTY);
    known.addAll(propertyParameters().keySet());
    for (String name : new TreeSet<>(user.stringPropertyNames())) {
      if (name.startsWith(PROPERTY_PREFIX) && !known.contains(name)) {
        Optional<String> suggested = PropertyNames.closest(name, known).map(closest ->
            DEPRECATED_PROPERTIES.containsKey(closest) ? property(DEPRECATED_PROPERTIES.get(closest)) : closest);
        getLog().warn(name + " is not a property of any fashion-ae goal, so it is ignored" + suggested.map(
            closest -> "; did you mean " + closest + "?").orElse(" (each goal's page lists its properties)"));
      }
    }
  }

  /** Sets each parameter from its deprecated user property where the POM and its new property leave it unset. */
  void prepare() throws MojoExecutionException {
    Properties user = session == null ? null : session.getUserProperties();
    if (user == null) {
      return;
    }
    for (Map.Entry<String, String> deprecated : DEPRECATED_PROPERTIES.entrySet()) {
      String old = deprecated.getKey();
      String parameter = deprecated.getValue();
      Optional<Field> field = field(parameter);
      if (!user.containsKey(old) || field.isEmpty()) {
        continue;
      }
      String replacement = property(parameter);
      if (user.containsKey(replacement)) {
        getLog().warn(old + " is deprecated and ignored: " + replacement + " is set too");
      } else if (configuredInPom(parameter)) {
        getLog().warn(old + " is deprecated and ignored: the POM sets " + parameter);
      } else {
        getLog().warn(old + " is deprecated; use " + replacement);
        set(field.get(), parameter, user.getProperty(old));
      }
    }
  }

  /** True when the POM configures {@code parameter} itself, rather than through its property's default. */
  private boolean configuredInPom(String parameter) {
    Xpp3Dom configuration = mojoExecution == null ? null : mojoExecution.getConfiguration();
    Xpp3Dom child = configuration == null ? null : configuration.getChild(parameter);
    return child != null && child.getValue() != null && !child.getValue().startsWith("${");
  }

  /** The field of parameter {@code name} in this goal's class or its parents. */
  private Optional<Field> field(String name) {
    for (Class<?> type = getClass(); type != AbstractMojo.class && type != null; type = type.getSuperclass()) {
      try {
        return Optional.of(type.getDeclaredField(name));
      } catch (NoSuchFieldException e) {
        // look further up
      }
    }
    return Optional.empty();
  }

  private void set(Field field, String parameter, String value) throws MojoExecutionException {
    Class<?> type = field.getType();
    Object converted;
    try {
      if (type == int.class) {
        converted = Integer.parseInt(value.trim());
      } else if (type == long.class) {
        converted = Long.parseLong(value.trim());
      } else if (type == double.class) {
        converted = Double.parseDouble(value.trim());
      } else if (type == boolean.class) {
        converted = Boolean.parseBoolean(value.trim());
      } else if (type == File.class) {
        converted = new File(value.trim());
      } else if (type == List.class) {
        converted = Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
      } else {
        converted = value;
      }
    } catch (NumberFormatException e) {
      throw new MojoExecutionException(String.format(Locale.ROOT, "Invalid parameter %s (%s): expected a number, "
          + "found '%s'", parameter, property(parameter), value), e);
    }
    try {
      field.setAccessible(true);
      field.set(this, converted);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot set " + parameter, e);
    }
  }
}
