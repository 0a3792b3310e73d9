package io.github.fashionae.model;

import static org.assertj.core.api.Assertions.assertThat;

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
}
