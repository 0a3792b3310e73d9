package io.github.fashionae.fork;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The quick start check of the engine JVM: real java runs, and stand-ins for the java a user might name. */
class JvmCheckTest {

  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

  @TempDir
  Path dir;

  private static ForkedJvm.Fork fork(Path java, String heap, String... options) {
    return new ForkedJvm.Fork(java, List.of(), heap, List.of(options));
  }

  @Test
  void thisJavaWithItsDefaultsStarts() throws Exception {
    assertThat(JvmCheck.problem(fork(JAVA, "512m"))).isEmpty();
    assertThat(JvmCheck.problem(fork(JAVA, "512m", "-XX:+UseSerialGC", "-Dsome.property=1"))).isEmpty();
  }

  @Test
  void anOptionTheJvmRefusesIsQuotedInItsOwnWords() throws Exception {
    JvmCheck.Problem problem = JvmCheck.problem(fork(JAVA, "512m", "-XX:+NoSuchOption")).orElseThrow();

    assertThat(problem.part()).isEqualTo(JvmCheck.Part.OPTIONS);
    assertThat(problem.found()).startsWith("-Xmx512m -XX:+NoSuchOption, with which '" + JAVA
        + " -version' exits with code 1: Unrecognized VM option 'NoSuchOption'");
  }

  @Test
  void aJavaThatIsMissingOrNoFileIsNamed() throws Exception {
    Path missing = dir.resolve("jdk/bin/java");
    assertThat(JvmCheck.problem(fork(missing, "512m"))).contains(new JvmCheck.Problem(JvmCheck.Part.JAVA,
        "a java executable of version 17 or later", "'" + missing + "' (no such file)"));
    assertThat(JvmCheck.problem(fork(dir, "512m")).orElseThrow().found()).isEqualTo("'" + dir + "' (not a file)");
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void aJavaTooOldOrNotAJavaIsNamed() throws Exception {
    Path old = script("old-java", "echo 'openjdk version \"11.0.21\" 2023-10-17' >&2");
    assertThat(JvmCheck.problem(fork(old, "512m")).orElseThrow()).isEqualTo(new JvmCheck.Problem(JvmCheck.Part.JAVA,
        "a java executable of version 17 or later", "'" + old + "', a Java 11"));

    Path eight = script("java8", "echo 'java version \"1.8.0_392\"' >&2");
    assertThat(JvmCheck.problem(fork(eight, "512m")).orElseThrow().found()).isEqualTo("'" + eight + "', a Java 8");

    Path notJava = script("python", "echo 'usage: python [option]' >&2; exit 2");
    assertThat(JvmCheck.problem(fork(notJava, "512m")).orElseThrow().found()).isEqualTo("'" + notJava
        + "', whose -version exits with code 2: usage: python [option]");

    Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
    assertThat(JvmCheck.problem(fork(text, "512m")).orElseThrow().found()).isEqualTo("'" + text
        + "' (not executable)");
  }

  private Path script(String name, String body) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }
}
