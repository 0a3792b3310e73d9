package io.github.fashionae.maven;

import io.github.fashionae.evaluation.QualityGate;
import io.github.fashionae.experiments.BuildPlan;
import io.github.fashionae.report.ReportData;
import io.github.fashionae.stage.AutoencoderStage;
import io.github.fashionae.training.TrainedStages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.lifecycle.internal.MojoDescriptorCreator;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.MavenPluginManager;
import org.apache.maven.plugin.Mojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.PluginConfigurationException;
import org.apache.maven.plugin.PluginContainerException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.Parameter;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * Checks every execution of this plugin in a project, configured as Maven will configure it, when the first of
 * them runs: a bad value in the last goal's configuration fails the build before the first goal downloads or
 * trains anything, and two executions that would write the same stage folder are named before either does.
 */
final class Executions {

  /** The log of a mojo while it is only checked: its warnings come again, once, when its goal runs. */
  private static final Log QUIET = new SystemStreamLog() {
    @Override
    public void warn(CharSequence content) {
    }

    @Override
    public void info(CharSequence content) {
    }
  };

  private Executions() {
  }

  /**
   * Configures each execution's mojo of {@code project} (through {@code manager}, as Maven does, user properties
   * included) and calls its {@link AbstractFashionAeMojo#validate()}; once per project in the {@code build}.
   *
   * @throws MojoExecutionException naming the execution and the goal whose configuration is bad
   */
  static void checkOnce(MavenSession session, MavenProject project, PluginDescriptor plugin,
                        MavenPluginManager manager, BuildSession build, String by, Log log)
      throws MojoExecutionException {
    if (session == null || project == null || plugin == null || manager == null || build == null
        || !build.firstCheckOf(project.getId())) {
      return;
    }
    Plugin model = project.getBuild() == null ? null : project.getBuild().getPluginsAsMap()
        .get(plugin.getPluginLookupKey());
    if (model == null) {
      return;
    }
    warnAboutUnknownElements(plugin, model, log);
    Map<Path, String> writers = new LinkedHashMap<>();
    Map<Needed, String> needs = new LinkedHashMap<>();
    for (PluginExecution execution : model.getExecutions()) {
      for (String goal : execution.getGoals()) {
        MojoDescriptor descriptor = plugin.getMojo(goal);
        if (descriptor == null) {
          continue;
        }
        MojoExecution candidate = new MojoExecution(descriptor, execution.getId(), MojoExecution.Source.LIFECYCLE);
        candidate.setConfiguration(configuration(descriptor, (Xpp3Dom) execution.getConfiguration(),
            (Xpp3Dom) model.getConfiguration()));
        String what = "execution '" + execution.getId() + "' of fashion-ae:" + goal;
        List<Path> folders = List.of();
        Mojo mojo = null;
        try {
          mojo = manager.getConfiguredMojo(Mojo.class, session, candidate);
          if (mojo instanceof AbstractFashionAeMojo ours && !ours.skip) {
            ours.setLog(QUIET); // what a check would warn about, the goal says when it runs
            ours.checking = true; // nor does a check use up what a build says once
            ours.build = build;
            ours.validate();
            folders = ours.outputFolders();
            for (Needed needed : ours.neededFolders()) {
              needs.put(needed, what);
            }
          }
        } catch (MojoExecutionException e) {
          throw new MojoExecutionException("Invalid configuration of the " + what + ": " + e.getMessage()
              + " (every execution of fashion-ae in the project is checked by " + by + ", before any work)");
        } catch (PluginConfigurationException | PluginContainerException e) {
          throw new MojoExecutionException("Invalid configuration of the " + what + ": " + e.getMessage(), e);
        } finally {
          if (mojo != null) {
            manager.releaseMojo(mojo, candidate);
          }
        }
        for (Path folder : folders) {
          String earlier = writers.putIfAbsent(folder.toAbsolutePath().normalize(), what);
          if (earlier != null) {
            throw new MojoExecutionException("The " + earlier + " and the " + what + " would both write " + folder
                + ": give each execution its own <outputDirectory> (and each train-classifier its own execution's "
                + "<encoderModel>), or use one execution; checked by " + by + " before any work");
          }
        }
      }
    }
    Set<Path> written = writers.keySet();
    for (Map.Entry<Needed, String> need : needs.entrySet()) {
      Needed needed = need.getKey();
      Path folder = needed.folder().toAbsolutePath().normalize();
      if (!written.contains(folder) && !Files.isDirectory(folder)) {
        List<String> candidates = needed.candidates().apply(written);
        throw new MojoExecutionException("Invalid configuration of the " + need.getValue() + ": Invalid "
            + needed.element()
            + ": expected " + needed.expected() + " (" + (candidates.isEmpty() ? "none" : String.join(", ",
            candidates)) + "), found '" + needed.found() + "'" + PropertyNames.closest(needed.found(), candidates)
            .map(closest -> "; did you mean " + closest + "?").orElse("") + " (every execution of fashion-ae in the "
            + "project is checked by " + by + ", before any work)");
      }
    }
  }

  /**
   * A folder a goal reads because its configuration names it, which an execution of the project must write unless
   * it exists already.
   *
   * @param element the POM element that names it, in words, e.g. {@code quality gate rule rules/rule[1]/stage}
   * @param expected what the element should name, e.g. "an experiment of this project"
   * @param found the name as the POM gives it
   * @param folder the folder
   * @param candidates the names the element could give, from the folders the project's executions write
   */
  record Needed(String element, String expected, String found, Path folder,
                Function<Set<Path>, List<String>> candidates) {

    /**
     * The stage folders the quality gate's {@code rules} name: a baseline stage under {@code out}, or an
     * experiment's ({@code <experiment>/<stage>}) under {@code out/experiments}.
     */
    static List<Needed> stagesOf(List<QualityGate.Rule> rules, Path out) {
      List<Needed> needed = new ArrayList<>();
      Path experiments = out.resolve(TrainedStages.EXPERIMENTS);
      for (QualityGate.Rule rule : rules) {
        String stage = rule.stage();
        if (stage == null) {
          continue;
        }
        String element = "quality gate rule " + rule.element() + "/stage";
        int slash = stage.lastIndexOf('/');
        if (slash < 0) {
          needed.add(new Needed(element, "a stage an execution of this project trains, or one in " + out
              + " already", stage, out.resolve(stage), written -> namesUnder(out, written)));
        } else {
          String experiment = stage.substring(0, slash);
          needed.add(new Needed(element, "an experiment of this project's before the '/' of '" + stage + "'",
              experiment, experiments.resolve(experiment), written -> namesUnder(experiments, written)));
        }
      }
      return needed;
    }

    /**
     * The experiments' folders the report's {@code comparisons} name ({@code baseline} is the baseline's
     * autoencoder under {@code out}).
     */
    static List<Needed> experimentsOf(List<ReportData.Comparison> comparisons, Path out) {
      List<Needed> needed = new ArrayList<>();
      Path experiments = out.resolve(TrainedStages.EXPERIMENTS);
      Path baseline = out.resolve(AutoencoderStage.NAME);
      for (int i = 0; i < comparisons.size(); i++) {
        for (String experiment : comparisons.get(i).experiments()) {
          Path folder = experiment.equals(BuildPlan.BASELINE) ? baseline : experiments.resolve(experiment);
          needed.add(new Needed("comparison comparisons/comparison[" + (i + 1) + "]/experiments",
              "an experiment of this project's", experiment, folder, written -> {
                List<String> names = new ArrayList<>(namesUnder(experiments, written));
                if (written.contains(baseline.toAbsolutePath().normalize())) {
                  names.add(BuildPlan.BASELINE);
                }
                return names;
              }));
        }
      }
      return needed;
    }

    /** The names of the folders in {@code written} directly under {@code parent}, sorted. */
    static List<String> namesUnder(Path parent, Set<Path> written) {
      Path normalized = parent.toAbsolutePath().normalize();
      return written.stream().filter(p -> normalized.equals(p.getParent())).map(p -> p.getFileName().toString())
          .sorted().toList();
    }
  }

  /**
   * Warns about each element of the plugin's configuration in the POM (plugin-level or an execution's) that no goal
   * of the plugin has as a parameter, naming the closest parameter: Maven 3.8 ignores a misspelt {@code <epoch>}
   * without a word, and 3.9 warns without a suggestion. Once per element name.
   */
  static void warnAboutUnknownElements(PluginDescriptor plugin, Plugin model, Log log) {
    Set<String> known = new TreeSet<>();
    for (MojoDescriptor mojo : plugin.getMojos()) {
      for (Parameter parameter : mojo.getParameters() == null ? List.<Parameter>of() : mojo.getParameters()) {
        known.add(parameter.getName());
        if (parameter.getAlias() != null) {
          known.add(parameter.getAlias());
        }
      }
    }
    Map<String, String> unknown = new LinkedHashMap<>();
    collectUnknown((Xpp3Dom) model.getConfiguration(), "the plugin's <configuration>", known, unknown);
    for (PluginExecution execution : model.getExecutions()) {
      collectUnknown((Xpp3Dom) execution.getConfiguration(), "execution '" + execution.getId() + "'", known,
          unknown);
    }
    unknown.forEach((element, where) -> log.warn("<" + element + "> in " + where + " of fashion-ae is not a "
        + "parameter of any fashion-ae goal, so it is ignored" + PropertyNames.closest(element, known)
        .map(closest -> "; did you mean <" + closest + ">?").orElse(" (each goal's page lists its parameters)")));
  }

  private static void collectUnknown(Xpp3Dom configuration, String where, Set<String> known,
                                     Map<String, String> unknown) {
    if (configuration == null) {
      return;
    }
    for (Xpp3Dom child : configuration.getChildren()) {
      if (!known.contains(child.getName())) {
        unknown.putIfAbsent(child.getName(), where);
      }
    }
  }

  /**
   * The configuration Maven gives the mojo of {@code descriptor} in an execution: each parameter's element from the
   * execution's configuration (in the effective model, the plugin-level configuration is already merged into it;
   * merging it again would append lists twice), by name or alias, merged over the descriptor's default.
   */
  static Xpp3Dom configuration(MojoDescriptor descriptor, Xpp3Dom execution, Xpp3Dom pluginLevel) {
    Xpp3Dom declared = execution != null ? execution : pluginLevel;
    Xpp3Dom defaults = MojoDescriptorCreator.convert(descriptor);
    Xpp3Dom result = new Xpp3Dom("configuration");
    List<Parameter> parameters = descriptor.getParameters() == null ? new ArrayList<>() : descriptor.getParameters();
    for (Parameter parameter : parameters) {
      Xpp3Dom value = declared == null ? null : declared.getChild(parameter.getName());
      if (value == null && declared != null && parameter.getAlias() != null) {
        value = declared.getChild(parameter.getAlias());
      }
      Xpp3Dom merged = Xpp3Dom.mergeXpp3Dom(value == null ? null : new Xpp3Dom(value), defaults.getChild(
          parameter.getName()), Boolean.TRUE);
      if (merged != null) {
        merged = new Xpp3Dom(merged, parameter.getName());
        if (merged.getAttribute("implementation") == null && parameter.getImplementation() != null) {
          merged.setAttribute("implementation", parameter.getImplementation());
        }
        result.addChild(merged);
      }
    }
    return result;
  }
}
