package io.github.fashionae.fork;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A quick check, before any work, that a {@link ForkedJvm.Fork}'s java starts with its heap and options: two
 * {@code java -version} runs (a tenth of a second each), so that a wrong {@code javaExecutable} or a bad JVM option
 * is named by the first goal of a build, with the JVM's own words, rather than by the engine after the download.
 * A fork that started once is not checked again in this JVM.
 */
public final class JvmCheck {

  /** The oldest Java the engine runs on. */
  public static final int MINIMUM_JAVA = 17;

  private static final Pattern VERSION = Pattern.compile("version \"(1\\.)?(\\d+)");
  private static final long TIMEOUT_SECONDS = 60;
  private static final Map<List<String>, Boolean> STARTED = new ConcurrentHashMap<>();

  /** Which part of a fork keeps its JVM from starting. */
  public enum Part {
    /** The java executable: missing, not executable, not a JVM, or older than {@link #MINIMUM_JAVA}. */
    JAVA,
    /** The heap or the further JVM options: the JVM refuses them. */
    OPTIONS
  }

  /**
   * Why a fork's JVM does not start.
   *
   * @param part what is at fault
   * @param expected what was expected, e.g. "a java executable of version 17 or later"
   * @param found what was found: the JVM's own words, e.g. "Unrecognized option: -XX:+Bogus"
   */
  public record Problem(Part part, String expected, String found) {
  }

  private JvmCheck() {
  }

  /** Why {@code fork}'s JVM does not start; empty when it does. */
  public static Optional<Problem> problem(ForkedJvm.Fork fork) throws IOException {
    Path java = fork.javaExecutable();
    String expectedJava = "a java executable of version " + MINIMUM_JAVA + " or later";
    if (!Files.isRegularFile(java)) {
      return Optional.of(new Problem(Part.JAVA, expectedJava, "'" + java + "' (" + (Files.exists(java)
          ? "not a file" : "no such file") + ")"));
    }
    if (!Files.isExecutable(java)) {
      return Optional.of(new Problem(Part.JAVA, expectedJava, "'" + java + "' (not executable)"));
    }
    List<String> plain = List.of(java.toString(), "-version");
    if (!STARTED.containsKey(plain)) {
      Run run = run(plain);
      Matcher version = VERSION.matcher(run.output());
      if (run.exit() != 0 || !version.find()) {
        return Optional.of(new Problem(Part.JAVA, expectedJava, "'" + java + "', whose -version "
            + (run.exit() != 0 ? "exits with code " + run.exit() : "names no version") + ": " + run.firstLines()));
      }
      int major = Integer.parseInt(version.group(2));
      if (major < MINIMUM_JAVA) {
        return Optional.of(new Problem(Part.JAVA, expectedJava, "'" + java + "', a Java " + major));
      }
      STARTED.put(plain, true);
    }
    List<String> full = new ArrayList<>();
    full.add(java.toString());
    full.add("-Xmx" + fork.maxHeap());
    full.addAll(fork.jvmArgs());
    full.add("-version");
    if (!STARTED.containsKey(full)) {
      Run run = run(full);
      if (run.exit() != 0) {
        return Optional.of(new Problem(Part.OPTIONS, "options with which the JVM starts", String.join(" ",
            full.subList(1, full.size() - 1)) + ", with which '" + java + " -version' exits with code " + run.exit()
            + ": " + run.firstLines()));
      }
      STARTED.put(full, true);
    }
    return Optional.empty();
  }

  private record Run(int exit, String output) {
    /** The JVM's first lines, joined: its complaint comes first ("Unrecognized option: …"). */
    String firstLines() {
      List<String> lines = output.lines().map(String::strip).filter(l -> !l.isEmpty()).limit(3).toList();
      return lines.isEmpty() ? "(no output)" : String.join(" ", lines);
    }
  }

  private static Run run(List<String> command) throws IOException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Run(-1, e.getMessage() == null ? e.toString() : e.getMessage());
    }
    process.getOutputStream().close();
    try (InputStream in = process.getInputStream()) {
      byte[] output = in.readNBytes(64 * 1024);
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Run(-1, "no answer within " + TIMEOUT_SECONDS + " s");
      }
      return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new InterruptedIOException("interrupted while checking " + String.join(" ", command));
    }
  }
}
