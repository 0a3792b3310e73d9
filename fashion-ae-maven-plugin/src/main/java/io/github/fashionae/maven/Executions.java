package io.github.fashionae.maven;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
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

  /** Per build (its request), the projects already checked. */
  private static final Map<Object, Set<String>> CHECKED = Collections.synchronizedMap(new WeakHashMap<>());

  private Executions() {
  }

  /**
   * Configures each execution's mojo of {@code project} (through {@code manager}, as Maven does, user properties
   * included) and calls its {@link AbstractFashionAeMojo#validate()}; once per project and build.
   *
   * @throws MojoExecutionException naming the execution and the goal whose configuration is bad
   */
  static void checkOnce(MavenSession session, MavenProject project, PluginDescriptor plugin,
                        MavenPluginManager manager, String by) throws MojoExecutionException {
    if (session == null || project == null || plugin == null || manager == null
        || !CHECKED.computeIfAbsent(session.getRequest(), r -> Collections.synchronizedSet(new HashSet<>()))
        .add(project.getId())) {
      return;
    }
    Plugin model = project.getBuild() == null ? null : project.getBuild().getPluginsAsMap()
        .get(plugin.getPluginLookupKey());
    if (model == null) {
      return;
    }
    Map<Path, String> writers = new LinkedHashMap<>();
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
            ours.prepare();
            ours.validate();
            folders = ours.outputFolders();
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
