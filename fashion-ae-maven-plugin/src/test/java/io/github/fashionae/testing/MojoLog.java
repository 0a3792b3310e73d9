package io.github.fashionae.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.logging.SystemStreamLog;

/**
 * A mojo's info lines and warnings, as it logs them (and on the console too).
 *
 * @param infos its info lines, in order
 * @param warnings its warnings, in order
 */
public record MojoLog(List<String> infos, List<String> warnings) {

  /** Records what {@code mojo} logs from now on. */
  public static MojoLog of(AbstractMojo mojo) {
    MojoLog log = new MojoLog(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
    mojo.setLog(new SystemStreamLog() {
      @Override
      public void info(CharSequence content) {
        log.infos.add(content.toString());
      }

      @Override
      public void warn(CharSequence content) {
        log.warnings.add(content.toString());
      }
    });
    return log;
  }
}
