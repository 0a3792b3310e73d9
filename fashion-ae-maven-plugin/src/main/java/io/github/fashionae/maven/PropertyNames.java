package io.github.fashionae.maven;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** The closest of some property names to a misspelt one, for "did you mean" hints. */
final class PropertyNames {

  private PropertyNames() {
  }

  /**
   * The name of {@code known} closest to {@code name}: the fewest single-character edits, ignoring case, with the
   * last dotted segment alone counted too ({@code fashionae.classifier.dropuot} is close to
   * {@code fashionae.classifierDropout}); ties go to the alphabetically first. Empty when even the closest is more
   * than a slip away (two edits, or a third of the misspelt segment's letters): {@code fashionae.zzz} suggests
   * nothing rather than {@code fashionae.seed}.
   */
  static Optional<String> closest(String name, Collection<String> known) {
    String segment = name.substring(name.lastIndexOf('.') + 1);
    int slip = Math.max(2, segment.length() / 3);
    return known.stream().min(Comparator.comparingInt((String candidate) -> distance(name, candidate))
        .thenComparing(Comparator.naturalOrder())).filter(candidate -> distance(name, candidate) <= slip);
  }

  static int distance(String name, String candidate) {
    String a = name.toLowerCase(Locale.ROOT);
    String b = candidate.toLowerCase(Locale.ROOT);
    int whole = levenshtein(a.replace(".", ""), b.replace(".", ""));
    int last = levenshtein(a.substring(a.lastIndexOf('.') + 1), b.substring(b.lastIndexOf('.') + 1));
    return Math.min(whole, last + 1);
  }

  private static int levenshtein(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
