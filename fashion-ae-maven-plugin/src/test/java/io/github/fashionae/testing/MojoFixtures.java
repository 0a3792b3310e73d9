package io.github.fashionae.testing;

import io.github.fashionae.dataset.DatasetManifest;
import io.github.fashionae.dataset.FashionMnist;
import io.github.fashionae.dataset.IdxFileSpec;
import io.github.fashionae.dataset.IdxReader;
import io.github.fashionae.dataset.VerifiedFile;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;

/** What harness tests of the engine's goals need: the plugin's classpath, and a manifest of the real files. */
public final class MojoFixtures {

  private MojoFixtures() {
  }

  /** This test JVM's classpath, standing in for the plugin's artifacts. */
  public static List<Artifact> classpathArtifacts() {
    List<Artifact> artifacts = new ArrayList<>();
    int i = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      DefaultArtifact artifact = new DefaultArtifact("test", "entry" + i++, "1", "compile", "jar", null,
          new DefaultArtifactHandler("jar"));
      artifact.setFile(new File(entry));
      artifacts.add(artifact);
    }
    return artifacts;
  }

  /** A manifest of the real Debian files, as fetch-dataset writes it, at {@code file}. */
  public static File realManifest(Path file) throws IOException {
    List<VerifiedFile> files = new ArrayList<>();
    for (IdxFileSpec spec : FashionMnist.SPEC.files()) {
      files.add(IdxReader.verify(RealData.file(spec.gzipName()), spec));
    }
    DatasetManifest.of(FashionMnist.SPEC, files).write(file);
    return file.toFile();
  }
}
