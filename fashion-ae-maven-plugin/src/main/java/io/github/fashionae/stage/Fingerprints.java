package io.github.fashionae.stage;

import io.github.fashionae.util.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Fingerprints of canonical inputs: the SHA-256 of sorted {@code key=value} lines. A stage's inputs come from
 * its {@link StageSpec#inputs()}; an evaluation's from the evaluation runner. Data and upstream models are
 * described by their digests; nothing machine-specific (no path, no time, no user) enters, so two checkouts
 * share cache entries.
 */
public final class Fingerprints {

  private Fingerprints() {
  }

  /** The fingerprint of {@code inputs}: SHA-256 of their sorted "key=value\n" lines. */
  public static String of(Map<String, String> inputs) {
    StringBuilder canonical = new StringBuilder();
    new TreeMap<>(inputs).forEach((key, value) -> canonical.append(key).append('=').append(value).append('\n'));
    return Sha256.hex(canonical.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** One line per input that differs, e.g. "settings.learningRate 0.001 → 0.005"; empty when equal. */
  public static List<String> changes(Map<String, String> before, Map<String, String> after) {
    List<String> lines = new ArrayList<>();
    SortedMap<String, String> keys = new TreeMap<>(before);
    after.forEach(keys::putIfAbsent);
    for (String key : keys.keySet()) {
      String was = before.get(key);
      String now = after.get(key);
      if (!Objects.equals(was, now)) {
        lines.add(key + " " + (was == null ? "(absent)" : was) + " → " + (now == null ? "(absent)" : now));
      }
    }
    return lines;
  }
}
