package io.github.fashionae.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fashionae.numerics.Kernels;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class FastReluTest {

  private final INDArray z = Nd4j.randn(DataType.FLOAT, 7, 16, 5, 5);
  private final INDArray epsilon = Nd4j.randn(DataType.FLOAT, 7, 16, 5, 5);

  @Test
  void activatesExactlyAsDl4jsRelu() {
    assertThat(new FastRelu().getActivation(z.dup(), true)).isEqualTo(new ActivationReLU().getActivation(z.dup(), true));
  }

  @Test
  void backpropagatesExactlyAsDl4jsRelu() {
    INDArray fast = new FastRelu().backprop(z.dup(), epsilon.dup()).getFirst();
    INDArray dl4j = new ActivationReLU().backprop(z.dup(), epsilon.dup()).getFirst();

    // equal values (a zero gradient may carry the incoming gradient's sign: -0.0 equals 0.0)
    assertThat(Transforms.abs(fast.sub(dl4j)).maxNumber().doubleValue()).isZero();
    assertThat(fast.eq(0).castTo(DataType.INT).sumNumber().intValue())
        .isEqualTo(z.lte(0).castTo(DataType.INT).sumNumber().intValue());
  }

  /** Values where a ReLU's edge cases lie: signed zeros, NaN, infinities, subnormals. */
  private static final float[] EDGES = {0f, -0f, 1f, -1f, Float.NaN, Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, 3.5f, -2.25f};

  @Test
  void thePortableKernelsComputeItsBitsAndItsGradientsBits() {
    int n = EDGES.length;
    float[] values = new float[n * n];
    float[] gradients = new float[n * n];
    for (int i = 0; i < n * n; i++) {
      values[i] = EDGES[i % n];
      gradients[i] = EDGES[i / n];
    }
    INDArray activated = new FastRelu().getActivation(Nd4j.create(values.clone(), new long[] {n * n}, 'c'), true);
    float[] relu = values.clone();
    Kernels.relu(relu, relu.length);
    INDArray delta = new FastRelu().backprop(Nd4j.create(values.clone(), new long[] {n * n}, 'c'),
        Nd4j.create(gradients.clone(), new long[] {n * n}, 'c')).getFirst();
    float[] fromActivations = gradients.clone();
    Kernels.reluBackward(relu, fromActivations, n * n);
    float[] fromInputs = gradients.clone();
    Kernels.reluBackward(values, fromInputs, n * n);

    float[] dl4jRelu = activated.data().asFloat();
    float[] dl4jDelta = delta.data().asFloat();
    for (int i = 0; i < n * n; i++) {
      assertThat(Float.floatToRawIntBits(relu[i])).as("relu(%s)", values[i])
          .isEqualTo(Float.floatToRawIntBits(dl4jRelu[i]));
      assertThat(Float.floatToRawIntBits(fromActivations[i])).as("gradient at %s of %s", values[i], gradients[i])
          .isEqualTo(Float.floatToRawIntBits(dl4jDelta[i]));
      assertThat(Float.floatToRawIntBits(fromInputs[i])).as("gradient at %s of %s", values[i], gradients[i])
          .isEqualTo(Float.floatToRawIntBits(dl4jDelta[i]));
    }
  }
}
