package io.github.fashionae.model;

import static io.github.fashionae.model.NativeFloats.buffer;
import static io.github.fashionae.model.NativeFloats.dense;

import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The layer of an {@link InputConvolutionLayer}. Once told to skip the input gradient, and for the study's
 * case (NCHW, stride 1, no padding, no dilation, float), its backpropagation computes only the weight and bias
 * gradients: an im2col of the input written from Java with an extra row of ones, [batch, channels x kernel + 1,
 * output pixels], then one batched matrix product with the activation's gradient, [batch, out channels, output
 * pixels], summed over the batch. The last column is the bias gradient. Any other case is DL4J's own
 * backpropagation.
 */
final class InputConvolution extends ConvolutionLayer {

  private static final long serialVersionUID = 1L;

  private transient boolean skipInputGradient;
  private transient float[] columns;

  InputConvolution(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  void skipInputGradient() {
    skipInputGradient = true;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    if (!skipInputGradient || !simpleCase()) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    assertInputSet(true);
    INDArray z = preOutput4d(true, true, workspaceMgr).getFirst();
    INDArray delta = layerConf().getActivationFn().backprop(z, epsilon.castTo(dataType)).getFirst();

    long[] in = input.shape();
    int batch = (int) in[0];
    int channels = (int) in[1];
    int height = (int) in[2];
    int width = (int) in[3];
    int[] kernel = layerConf().getKernelSize();
    int outHeight = height - kernel[0] + 1;
    int outWidth = width - kernel[1] + 1;
    int taps = channels * kernel[0] * kernel[1];
    int pixels = outHeight * outWidth;
    int outChannels = (int) layerConf().getNOut();

    INDArray columnsArray = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT,
        new long[] {batch, taps + 1, pixels}, 'c');
    INDArray images = dense(input);
    buffer(columnsArray).put(im2col(buffer(images), batch, channels, height, width, kernel[0], kernel[1]));
    // the NIO views do not keep the arrays, and so their native memory, alive
    Reference.reachabilityFence(images);
    Reference.reachabilityFence(columnsArray);

    INDArray products = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT,
        new long[] {batch, outChannels, taps + 1}, 'c');
    Nd4j.matmul(dense(delta).reshape('c', batch, outChannels, pixels), columnsArray, products, false, true, false);
    INDArray sums = products.sum(0);

    INDArray weightGrad = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
    weightGrad.assign(sums.get(NDArrayIndex.all(), NDArrayIndex.interval(0, taps)).reshape('c', weightGrad.shape()));
    Gradient gradient = new DefaultGradient();
    if (hasBias()) {
      INDArray biasGrad = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
      biasGrad.assign(sums.get(NDArrayIndex.all(), NDArrayIndex.point(taps)).reshape('c', biasGrad.shape()));
      gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGrad);
    }
    gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGrad, 'c');
    weightNoiseParams.clear();
    INDArray inputGradient = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
    return new Pair<>(gradient, inputGradient);
  }

  /** NCHW float input, stride 1, no padding, no dilation: the case {@link #im2col} handles. */
  private boolean simpleCase() {
    org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf = layerConf();
    return input != null && input.rank() == 4 && input.dataType() == DataType.FLOAT && dataType == DataType.FLOAT
        && conf.getCnn2dDataFormat() == CNN2DFormat.NCHW
        && (convolutionMode == ConvolutionMode.Truncate || convolutionMode == ConvolutionMode.Strict)
        && Arrays.equals(conf.getStride(), new int[] {1, 1}) && Arrays.equals(conf.getPadding(), new int[] {0, 0})
        && Arrays.equals(conf.getDilation(), new int[] {1, 1});
  }

  /**
   * Rows of [batch][channel * kh * kw + tap][output pixel] from [batch][channel][height][width], and a last row of
   * ones per image.
   */
  private float[] im2col(FloatBuffer image, int batch, int channels, int height, int width, int kernelHeight,
                         int kernelWidth) {
    int outHeight = height - kernelHeight + 1;
    int outWidth = width - kernelWidth + 1;
    int pixels = outHeight * outWidth;
    int rows = channels * kernelHeight * kernelWidth + 1;
    int size = batch * rows * pixels;
    if (columns == null || columns.length != size) {
      columns = new float[size];
    }
    float[] col = columns;
    for (int b = 0; b < batch; b++) {
      int row = b * rows;
      for (int c = 0; c < channels; c++) {
        int plane = (b * channels + c) * height * width;
        for (int ky = 0; ky < kernelHeight; ky++) {
          for (int kx = 0; kx < kernelWidth; kx++, row++) {
            int to = row * pixels;
            for (int y = 0; y < outHeight; y++) {
              image.get(plane + (y + ky) * width + kx, col, to + y * outWidth, outWidth);
            }
          }
        }
      }
      Arrays.fill(col, row * pixels, (row + 1) * pixels, 1f);
    }
    return col;
  }
}
