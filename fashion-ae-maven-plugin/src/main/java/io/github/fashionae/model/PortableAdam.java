package io.github.fashionae.model;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * DL4J's {@link Adam} whose update is computed by the portable numerics ({@link Updater}): the same state (the
 * first and second moments, in DL4J's layout), element by element in Java, {@code β^t} and the step size with
 * {@link StrictMath}. DL4J's own Adam runs a native op that calls the C library's {@code pow}, whose result may
 * differ between CPUs. Groundwork of the portable engine (issue 23). A published network names DL4J's {@link Adam}
 * ({@link PortableNetworks}), with the same state.
 */
public class PortableAdam extends Adam {

  private static final long serialVersionUID = 1L;

  /** For JSON deserialization. */
  public PortableAdam() {
  }

  /** The portable form of {@code adam}: the same learning rate, betas and epsilon. */
  public PortableAdam(Adam adam) {
    super(adam.getLearningRate(), adam.getBeta1(), adam.getBeta2(), adam.getEpsilon());
    if (adam.getLearningRateSchedule() != null) {
      throw new IllegalArgumentException("the portable Adam takes a fixed learning rate, not a schedule");
    }
  }

  /** DL4J's {@link Adam} with this one's settings, for a published network. */
  public Adam toAdam() {
    return new Adam(getLearningRate(), getBeta1(), getBeta2(), getEpsilon());
  }

  @Override
  public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
    Updater updater = new Updater(this);
    long[] shape = viewArray.shape().clone(); // ND4J's own array: never to be written
    shape[shape.length - 1] /= 2;
    updater.setStateViewArray(viewArray, shape, viewArray.ordering(), initializeViewArray);
    return updater;
  }

  @Override
  public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
    Updater updater = new Updater(this);
    updater.setState(updaterState, initializeStateArrays);
    return updater;
  }

  @Override
  public PortableAdam clone() {
    PortableAdam copy = new PortableAdam();
    copy.setLearningRate(getLearningRate());
    copy.setBeta1(getBeta1());
    copy.setBeta2(getBeta2());
    copy.setEpsilon(getEpsilon());
    return copy;
  }

  @Override
  protected boolean canEqual(Object other) {
    return other instanceof PortableAdam;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PortableAdam && super.equals(other);
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + 1;
  }

  /**
   * Adam's step for iteration {@code t = iteration + 1}: {@code m = β1·m + (1-β1)·g}, {@code v = β2·v + (1-β2)·g²},
   * and the update {@code α_t · m / (√v + ε)} with {@code α_t = lr · √(1-β2^t) / (1-β1^t)}, in float element by
   * element in that order ({@code α_t} in double with {@link StrictMath#pow}, rounded once).
   */
  static final class Updater extends AdamUpdater {

    Updater(Adam config) {
      super(config);
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
      Adam config = getConfig();
      int t = iteration + 1;
      double beta1 = config.getBeta1();
      double beta2 = config.getBeta2();
      float alpha = (float) (config.getLearningRate(iteration, epoch) * Math.sqrt(1 - StrictMath.pow(beta2, t))
          / (1 - StrictMath.pow(beta1, t)));
      float b1 = (float) beta1;
      float b2 = (float) beta2;
      float oneMinusB1 = (float) (1 - beta1);
      float oneMinusB2 = (float) (1 - beta2);
      float epsilon = (float) config.getEpsilon();
      float[] g = PortableArrays.rowMajor(gradient);
      float[] m = PortableArrays.rowMajor(getM());
      float[] v = PortableArrays.rowMajor(getV());
      for (int i = 0; i < g.length; i++) {
        float gi = g[i];
        m[i] = b1 * m[i] + oneMinusB1 * gi;
        v[i] = b2 * v[i] + oneMinusB2 * (gi * gi);
        g[i] = alpha * m[i] / ((float) Math.sqrt(v[i]) + epsilon);
      }
      PortableArrays.assign(getM(), m);
      PortableArrays.assign(getV(), v);
      PortableArrays.assign(gradient, g);
    }
  }
}
