package io.github.fashionae;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering, as the package-info files describe it, checked on the sources: every package imports only the
 * packages below it (so there are no cycles), DL4J and ND4J are imported only on the engine side, Maven only by
 * the mojos, and the engine side never imports Maven's side. Like protobuf-maven-plugin's ProjectStructureTest.
 */
class ProjectStructureTest {

  private static final String ROOT = "io.github.fashionae.";
  private static final Path SOURCES = Path.of("src/main/java");

  /** Each package's layer: a package may import only packages of a lower layer. */
  static final Map<String, Integer> LAYERS = new LinkedHashMap<>();

  static {
    LAYERS.put("util", 0);
    LAYERS.put("archive", 1);
    LAYERS.put("dataset", 1);
    LAYERS.put("numerics", 1);
    LAYERS.put("stage", 2);
    LAYERS.put("fork", 3);
    LAYERS.put("store", 4);
    LAYERS.put("fetch", 5);
    LAYERS.put("model", 5);
    LAYERS.put("remote", 6);
    LAYERS.put("engine", 7);
    LAYERS.put("training", 7);
    LAYERS.put("release", 8);
    LAYERS.put("evaluation", 9);
    LAYERS.put("experiments", 10);
    LAYERS.put("report", 11);
    LAYERS.put("build", 12);
    LAYERS.put("maven", 13);
  }

  /** The packages whose classes run only in the forked engine JVM. */
  static final Set<String> ENGINE_SIDE = Set.of("engine", "model", "org.nd4j.nativeblas");

  private static final List<String> ENGINE_LIBRARIES = List.of("org.deeplearning4j.", "org.nd4j.", "org.bytedeco.",
      "onnx.");
  private static final List<String> MAVEN_LIBRARIES = List.of("org.apache.maven.", "org.codehaus.plexus.",
      "org.eclipse.aether.");
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)(?:\\.\\*)?;", Pattern.MULTILINE);
  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);

  @Test
  void theSourcesKeepTheLayering() throws IOException {
    assertThat(violations(sources())).isEmpty();
  }

  @Test
  void everyPackageSaysWhatLivesThere() throws IOException {
    Set<String> packages = new TreeSet<>();
    sources().keySet().forEach(file -> packages.add(file.getParent().toString()));
    for (String directory : packages) {
      assertThat(SOURCES.resolve(directory).resolve("package-info.java")).as(directory).isRegularFile();
    }
    Set<String> found = new TreeSet<>();
    packages.stream().map(d -> d.replace('/', '.')).filter(p -> p.startsWith(ROOT))
        .forEach(p -> found.add(p.substring(ROOT.length())));
    assertThat(found).as("every package has a layer").containsExactlyInAnyOrderElementsOf(LAYERS.keySet());
  }

  @Test
  void aForbiddenImportIsReported() {
    Map<Path, String> sources = new TreeMap<>();
    sources.put(Path.of("io/github/fashionae/training/Bad.java"), "package io.github.fashionae.training;\n\n"
        + "import io.github.fashionae.engine.Trainer;\nimport org.nd4j.linalg.factory.Nd4j;\n\nclass Bad {}\n");
    sources.put(Path.of("io/github/fashionae/stage/Up.java"), "package io.github.fashionae.stage;\n\n"
        + "import io.github.fashionae.store.StageCache;\nimport org.apache.maven.plugin.Mojo;\n\nclass Up {}\n");
    sources.put(Path.of("io/github/fashionae/engine/Fine.java"), "package io.github.fashionae.engine;\n\n"
        + "import io.github.fashionae.stage.StageSpec;\nimport org.nd4j.linalg.factory.Nd4j;\n\nclass Fine {}\n");

    assertThat(violations(sources)).containsExactly(
        "io/github/fashionae/stage/Up.java: stage (layer 2) imports store (layer 4)",
        "io/github/fashionae/stage/Up.java: imports Maven (org.apache.maven.plugin.Mojo) outside the mojos",
        "io/github/fashionae/training/Bad.java: training (layer 7) imports engine (layer 7)",
        "io/github/fashionae/training/Bad.java: Maven's side imports the engine side (io.github.fashionae.engine.Trainer)",
        "io/github/fashionae/training/Bad.java: imports DL4J/ND4J (org.nd4j.linalg.factory.Nd4j) outside the engine "
            + "side");
  }

  /** Every rule a source breaks, one line each, in file order. */
  static List<String> violations(Map<Path, String> sources) {
    List<String> violations = new ArrayList<>();
    sources.forEach((file, source) -> {
      Matcher declared = PACKAGE.matcher(source);
      if (!declared.find()) {
        violations.add(file + ": no package declaration");
        return;
      }
      String pkg = declared.group(1);
      String own = pkg.startsWith(ROOT) ? pkg.substring(ROOT.length()) : pkg;
      boolean engineSide = ENGINE_SIDE.contains(own);
      Matcher imports = IMPORT.matcher(source);
      while (imports.find()) {
        String imported = imports.group(1);
        if (imported.startsWith(ROOT)) {
          String other = imported.substring(ROOT.length(), imported.indexOf('.', ROOT.length()));
          Integer mine = LAYERS.get(own);
          Integer theirs = LAYERS.get(other);
          if (!other.equals(own) && (mine == null || theirs == null || theirs >= mine)) {
            violations.add(file + ": " + own + " (layer " + mine + ") imports " + other + " (layer " + theirs + ")");
          }
          if (!engineSide && ENGINE_SIDE.contains(other)) {
            violations.add(file + ": Maven's side imports the engine side (" + imported + ")");
          }
        } else if (ENGINE_LIBRARIES.stream().anyMatch(imported::startsWith) && !engineSide) {
          violations.add(file + ": imports DL4J/ND4J (" + imported + ") outside the engine side");
        } else if (MAVEN_LIBRARIES.stream().anyMatch(imported::startsWith) && !own.equals("maven")) {
          violations.add(file + ": imports Maven (" + imported + ") outside the mojos");
        }
      }
    });
    return violations;
  }

  private static Map<Path, String> sources() throws IOException {
    Map<Path, String> sources = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        sources.put(SOURCES.relativize(file), Files.readString(file));
      }
    }
    return sources;
  }
}
