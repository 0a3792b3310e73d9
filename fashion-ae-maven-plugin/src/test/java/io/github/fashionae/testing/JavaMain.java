package io.github.fashionae.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the tests run in a fresh JVM with this one's classpath, the Vector API module and extra JVM
 * options and environment: how the portable numerics' tests vary the machine code the JIT emits.
 */
public final class JavaMain {

  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

  private JavaMain() {
  }

  /**
   * What {@code main} printed, standard output and error together, after it exited with 0 within {@code seconds}.
   */
  public static String run(Class<?> main, List<String> jvmOptions, Map<String, String> environment, long seconds,
                           String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(JAVA.toString(), "--add-modules", "jdk.incubator.vector",
        "-XX:+UnlockDiagnosticVMOptions"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(seconds, TimeUnit.SECONDS)).as("%s finishes", jvmOptions).isTrue();
    assertThat(process.exitValue()).as("%s %s: %s", jvmOptions, environment, output).isZero();
    return output;
  }
}
