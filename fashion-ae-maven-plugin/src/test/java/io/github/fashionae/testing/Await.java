package io.github.fashionae.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition another thread or process brings about, polling, and fails with a message at a deadline. */
public final class Await {

  private Await() {
  }

  /**
   * Returns once {@code condition} holds; throws {@link AssertionError} naming {@code what} when it still does not
   * after {@code deadline}, so that a regression fails the test instead of hanging the build.
   */
  public static void until(String what, Duration deadline, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("Waited " + deadline.toSeconds() + " s for " + what + ", in vain");
      }
      Thread.sleep(10);
    }
  }
}
