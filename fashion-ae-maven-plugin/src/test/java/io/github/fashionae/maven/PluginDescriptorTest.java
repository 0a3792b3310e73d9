package io.github.fashionae.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The plugin's parameters as Maven (and the generated site) sees them, from the descriptor that
 * maven-plugin-plugin wrote from the mojos' annotations and javadoc: one property rule, documentation, no test hook.
 */
class PluginDescriptorTest {

  /** Parameters that take structured POM configuration, or Maven's own property: no fashionae.* property. */
  private static final Set<String> POM_ONLY = Set.of("rules", "releaseRules", "experiments", "sweeps", "comparisons",
      "outputTimestamp");

  private static final List<Parameter> PARAMETERS = new ArrayList<>();

  /** One editable parameter of one goal. */
  record Parameter(String goal, String name, String description, String since, String expression) {
  }

  @BeforeAll
  static void readDescriptor() throws Exception {
    Document plugin = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(Path.of("target/classes/META-INF/maven/plugin.xml").toFile());
    NodeList mojos = plugin.getElementsByTagName("mojo");
    for (int i = 0; i < mojos.getLength(); i++) {
      Element mojo = (Element) mojos.item(i);
      String goal = text(mojo, "goal");
      Element configuration = child(mojo, "configuration");
      Element parameters = child(mojo, "parameters");
      if (goal.equals("help") || parameters == null) {
        continue;
      }
      NodeList list = parameters.getElementsByTagName("parameter");
      for (int j = 0; j < list.getLength(); j++) {
        Element parameter = (Element) list.item(j);
        if (!"true".equals(text(parameter, "editable"))) {
          continue;
        }
        String name = text(parameter, "name");
        Element value = configuration == null ? null : child(configuration, name);
        PARAMETERS.add(new Parameter(goal, name, text(parameter, "description"), text(parameter, "since"),
            value == null ? null : value.getTextContent()));
      }
    }
    assertThat(PARAMETERS).hasSizeGreaterThan(30);
  }

  @Test
  void everyPropertyIsFashionaeDotTheParametersName() {
    for (Parameter parameter : PARAMETERS) {
      if (POM_ONLY.contains(parameter.name())) {
        continue;
      }
      assertThat(parameter.expression()).as(parameter.goal() + " " + parameter.name())
          .isEqualTo("${" + AbstractFashionAeMojo.property(parameter.name()) + "}");
    }
  }

  @Test
  void everyParameterSaysWhatItIsAndSinceWhen() {
    for (Parameter parameter : PARAMETERS) {
      assertThat(parameter.description()).as(parameter.goal() + " " + parameter.name()).hasSizeGreaterThan(30);
      assertThat(parameter.since()).as(parameter.goal() + " " + parameter.name()).isEqualTo("0.1.0");
    }
  }

  @Test
  void forkParametersOnlyOnGoalsThatFork() {
    Set<String> forking = new TreeSet<>();
    PARAMETERS.stream().filter(p -> p.name().equals("maxHeap")).forEach(p -> forking.add(p.goal()));

    assertThat(forking).containsExactly("evaluate", "experiments", "plan", "train-autoencoder", "train-classifier",
        "verify-release");
    assertThat(PARAMETERS).noneMatch(p -> p.name().toLowerCase().contains("halt") && !p.name().equals("haltOnFailure"));
  }

  @Test
  void everyRenamedPropertyNamesAParameterAndIsNoLongerAnyParametersProperty() {
    Set<String> names = new TreeSet<>();
    Set<String> expressions = new TreeSet<>();
    PARAMETERS.forEach(p -> {
      names.add(p.name());
      expressions.add(String.valueOf(p.expression()));
    });
    AbstractFashionAeMojo.RENAMED_PROPERTIES.forEach((old, parameter) -> {
      assertThat(names).as(old).contains(parameter);
      assertThat(expressions).as(old).doesNotContain("${" + old + "}");
    });
  }

  private static Element child(Element parent, String name) {
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && element.getTagName().equals(name)) {
        return element;
      }
    }
    return null;
  }

  private static String text(Element parent, String name) {
    Element child = child(parent, name);
    return child == null ? null : child.getTextContent().trim();
  }
}
