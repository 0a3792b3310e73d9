package io.github.fashionae.engine;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The engine side of {@code EngineTask.Probe}: makes oneDNN and OpenBLAS pick their kernels for this CPU, once
 * each, so that their verbose output (switched on by the task's environment) names what they picked. The numbers
 * computed do not matter.
 */
final class PlatformProbe {

  private PlatformProbe() {
  }

  static Map<String, Object> run() {
    Nd4j.getRandom().setSeed(1);
    INDArray images = Nd4j.rand(DataType.FLOAT, 2, 1, 8, 8);
    INDArray weights = Nd4j.rand(DataType.FLOAT, 3, 3, 1, 2);
    INDArray convolved = Nd4j.exec(new Conv2D(new INDArray[] {images, weights}, null,
        Conv2DConfig.builder().kH(3).kW(3).build()))[0];
    INDArray product = Nd4j.rand(DataType.FLOAT, 16, 16).mmul(Nd4j.rand(DataType.FLOAT, 16, 16));
    return Map.of("convolution", convolved.sumNumber().doubleValue(), "product", product.sumNumber().doubleValue());
  }
}
