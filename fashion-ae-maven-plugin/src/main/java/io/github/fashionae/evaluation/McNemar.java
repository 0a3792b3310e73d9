package io.github.fashionae.evaluation;

/**
 * McNemar's exact test of two classifiers on the same test images: of the images exactly one of them gets right,
 * {@code b} the first (a released model, say) gets right and the second (this build's) gets wrong, {@code c} the
 * other way round. Under the hypothesis that both are equally good, each such image is the first's with
 * probability 1/2, so {@code b} is binomial with {@code n = b + c} trials: the test's p-value is exact, not the
 * chi-squared approximation, and needs no minimum count.
 *
 * <p>The probabilities are sums of binomial terms computed in logarithms with {@link StrictMath} (fdlibm, the same
 * bits on every JVM), terms added from the smallest up, so the p-value a report prints is the same everywhere.
 *
 * @param firstOnly images the first model gets right and the second wrong ({@code b})
 * @param secondOnly images the second model gets right and the first wrong ({@code c})
 */
public record McNemar(int firstOnly, int secondOnly) {

  public McNemar {
    if (firstOnly < 0 || secondOnly < 0) {
      throw new IllegalArgumentException("discordant counts must not be negative, found " + firstOnly + " and "
          + secondOnly);
    }
  }

  /** The images on which the two models disagree about being right: {@code b + c}. */
  public int discordant() {
    return firstOnly + secondOnly;
  }

  /**
   * The two-sided exact p-value: twice the probability of a split at least as uneven as the one seen, at most 1.
   * 1 when the models never disagree.
   */
  public double twoSided() {
    int n = discordant();
    if (n == 0) {
      return 1.0;
    }
    return Math.min(1.0, 2 * lowerTail(n, Math.min(firstOnly, secondOnly)));
  }

  /**
   * The one-sided exact p-value that the second model is worse than the first: the probability, were they equally
   * good, that the second gets {@code secondOnly} or fewer of the discordant images right. Small when the second
   * model (this build's) loses significantly.
   */
  public double secondWorse() {
    int n = discordant();
    return n == 0 ? 1.0 : lowerTail(n, secondOnly);
  }

  /** P(X ≤ x) for X binomial(n, 1/2), summing the terms from the smallest up. */
  static double lowerTail(int n, int x) {
    if (x >= n) {
      return 1.0;
    }
    // log C(n, i) for i = 0..x, built up by C(n, i + 1) = C(n, i) * (n - i) / (i + 1)
    double[] logTerms = new double[x + 1];
    double logChoose = 0;
    double logHalfPowerN = n * StrictMath.log(0.5);
    for (int i = 0; i <= x; i++) {
      logTerms[i] = logChoose + logHalfPowerN;
      logChoose += StrictMath.log(n - i) - StrictMath.log(i + 1);
    }
    // scaled by the largest term to stay in range, added from i = 0 (the smallest while i < n/2) up
    double largest = Double.NEGATIVE_INFINITY;
    for (double logTerm : logTerms) {
      largest = Math.max(largest, logTerm);
    }
    double sum = 0;
    for (int i = 0; i <= x; i++) {
      sum += StrictMath.exp(logTerms[i] - largest);
    }
    return Math.min(1.0, StrictMath.exp(largest + StrictMath.log(sum)));
  }
}
