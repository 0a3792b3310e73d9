package io.github.fashionae.model;

import io.github.fashionae.numerics.Kernels;
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

/**
 * The layer of a {@link PortableConvolutionLayer} (or, {@code transposed}, of a {@link PortableDeconvolution2D}):
 * forward and backward by {@link PortableConvolutions}, whose every element is one fixed chain of exactly rounded
 * operations. ND4J holds the arrays (copies in and out are exact) and applies the activation, but a {@link
 * FastRelu} or a {@link PortableSigmoid}, which this layer applies itself (the same bits, fewer copies). NCHW
 * float input, {@code Truncate} mode, equal strides, no padding or dilation, no mask; anything else is DL4J's own
 * computation. A training forward pass keeps its results for the backward pass on the same input array.
 */
final class PortableConvolution extends ConvolutionLayer {

  private static final long serialVersionUID = 1L;

  private final boolean transposed;
  private transient boolean skipInputGradient;
  private transient Forward kept;
  /** This layer's input and outputs as floats, in buffers reused from step to step (see {@link Scratch}). */
  private transient float[] inputs;
  private transient float[] outputs;

  PortableConvolution(NeuralNetConfiguration conf, DataType dataType, boolean transposed) {
    super(conf, dataType);
    this.transposed = transposed;
  }

  private boolean portableCase() {
    org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf = layerConf();
    int[] stride = conf.getStride();
    return input != null && input.rank() == 4 && dataType == DataType.FLOAT && maskArray == null
        && conf.getCnn2dDataFormat() == CNN2DFormat.NCHW && conf.getWeightNoise() == null
        && (conf.getConvolutionMode() == ConvolutionMode.Truncate || conf.getConvolutionMode() == ConvolutionMode.Strict)
        && stride[0] == stride[1] && Arrays.equals(conf.getPadding(), new int[] {0, 0})
        && Arrays.equals(conf.getDilation(), new int[] {1, 1});
  }

  private PortableConvolutions.Shape shape() {
    int[] kernel = layerConf().getKernelSize();
    return new PortableConvolutions.Shape((int) input.size(1), (int) input.size(2), (int) input.size(3),
        (int) layerConf().getNOut(), kernel[0], kernel[1], layerConf().getStride()[0]);
  }

  private long[] outputShape(int batch, PortableConvolutions.Shape s) {
    return transposed ? new long[] {batch, s.out(), s.deconvHeight(), s.deconvWidth()}
        : new long[] {batch, s.out(), s.convHeight(), s.convWidth()};
  }

  private float[] weights() {
    return PortableArrays.rowMajor(getParam(ConvolutionParamInitializer.WEIGHT_KEY));
  }

  private float[] bias() {
    return hasBias() ? PortableArrays.rowMajor(getParam(ConvolutionParamInitializer.BIAS_KEY)) : null;
  }

  /**
   * For a network's first layer, whose input gradient goes nowhere: backpropagation leaves it out (zeros).
   *
   * @return whether it will (a convolution; a transposed one computes it still)
   */
  boolean skipInputGradient() {
    skipInputGradient = !transposed;
    return skipInputGradient;
  }

  /**
   * The pre-activations of {@code x} by the portable kernels, with x itself (what both weight gradients multiply);
   * kept for the backward pass when training.
   */
  private Forward forward(float[] x, int batch, PortableConvolutions.Shape s) {
    long[] shape = outputShape(batch, s);
    outputs = Scratch.sized(outputs, (int) (shape[0] * shape[1] * shape[2] * shape[3]));
    float[] z = transposed ? PortableConvolutions.deconvForward(x, batch, s, weights(), bias(), outputs)
        : PortableConvolutions.convForward(x, batch, s, weights(), bias(), outputs);
    if (relu()) {
      Kernels.relu(z, z.length);
    } else if (sigmoid()) {
      Kernels.sigmoid(z, 0, z.length);
    }
    return new Forward(input, z);
  }

  /**
   * Whether the activation is a {@link FastRelu}, which this layer applies itself ({@link Kernels#relu} and {@link
   * Kernels#reluBackward}: ND4J's bits, without the copies in and out of ND4J's arrays).
   */
  private boolean relu() {
    return layerConf().getActivationFn() instanceof FastRelu;
  }

  /**
   * Whether the activation is a {@link PortableSigmoid}, which this layer applies itself, with {@link
   * PortableSigmoid}'s kernels: the backward pass takes the forward pass's outputs instead of computing them again
   * from the pre-activations (the same bits: the function is one fixed chain). Any activation but these two is
   * ND4J's.
   */
  private boolean sigmoid() {
    return layerConf().getActivationFn() instanceof PortableSigmoid;
  }

  /** Whether this layer applies its activation itself ({@link #relu}, {@link #sigmoid}). */
  private boolean ownActivation() {
    return relu() || sigmoid();
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    if (!portableCase()) {
      return super.activate(training, workspaceMgr);
    }
    assertInputSet(false);
    applyDropOutIfNecessary(training, workspaceMgr);
    int batch = (int) input.size(0);
    PortableConvolutions.Shape s = shape();
    inputs = PortableArrays.rowMajor(input, inputs);
    Forward forward = forward(inputs, batch, s);
    kept = training ? forward : null;
    INDArray z = PortableArrays.assign(workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
        outputShape(batch, s), 'c'), forward.z());
    return ownActivation() ? z : layerConf().getActivationFn().getActivation(z, training);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    if (!portableCase()) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    assertInputSet(true);
    int batch = (int) input.size(0);
    PortableConvolutions.Shape s = shape();
    boolean reuse = kept != null && kept.input() == input;
    // both weight gradients multiply the input (a convolution's through its columns, made again a chunk at a time)
    if (!reuse) {
      inputs = PortableArrays.rowMajor(input, inputs);
    }
    float[] x = inputs;
    Forward forward = reuse ? kept : forward(x, batch, s);
    kept = null;
    long[] shape = outputShape(batch, s);
    float[] delta;
    if (ownActivation()) {
      delta = PortableArrays.rowMajor(epsilon, Scratch.floats(Scratch.Use.DELTA, Math.toIntExact(epsilon.length())));
      if (relu()) {
        Kernels.reluBackward(forward.z(), delta, delta.length);
      } else {
        Kernels.sigmoidBackward(forward.z(), delta, delta.length);
      }
    } else {
      INDArray z = PortableArrays.assign(workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT,
          shape, 'c'), forward.z());
      delta = PortableArrays.rowMajor(layerConf().getActivationFn().backprop(z, epsilon.castTo(DataType.FLOAT))
          .getFirst());
    }

    Gradient gradient = new DefaultGradient();
    int pixels = (int) (shape[2] * shape[3]);
    // a convolution's weight and bias gradients both read δ by pixel
    float[] byPixel = transposed ? null : PortableConvolutions.byPixel(delta, batch, s.out(), pixels);
    if (hasBias()) {
      INDArray view = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
      PortableArrays.assign(view, transposed ? PortableConvolutions.biasGradient(delta, batch, s.out(), pixels)
          : PortableConvolutions.biasGradientByPixel(byPixel, batch, s.out(), pixels));
      gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, view);
    }
    // a transposed convolution's gradients run through δ's columns, or straight from δ (the same bits)
    boolean direct = transposed && PortableConvolutions.directDeconvolution(s);
    float[] deltaColumns = transposed && !direct ? PortableConvolutions.deconvDeltaColumns(delta, batch, s) : null;
    INDArray weightView = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
    PortableArrays.assign(weightView, !transposed ? PortableConvolutions.convWeightGradient(x, byPixel, batch, s)
        : direct ? PortableConvolutions.deconvWeightGradientDirect(x, delta, batch, s)
        : PortableConvolutions.deconvWeightGradient(x, deltaColumns, batch, s));
    gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightView, 'c');

    INDArray epsilonNext;
    if (skipInputGradient) {
      epsilonNext = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
    } else {
      float[] weights = weights();
      float[] into = Scratch.floats(Scratch.Use.INPUT_GRADIENT, Math.toIntExact(input.length()));
      float[] dx = !transposed ? PortableConvolutions.convInputGradient(delta, batch, s, weights, into)
          : direct ? PortableConvolutions.deconvInputGradientDirect(delta, batch, s, weights, into)
          : PortableConvolutions.deconvInputGradient(deltaColumns, batch, s, weights, into);
      epsilonNext = PortableArrays.assign(workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
          input.shape(), 'c'), dx);
    }
    weightNoiseParams.clear();
    return new Pair<>(gradient, backpropDropOutIfPresent(epsilonNext));
  }

  /**
   * A training forward pass's results, for the backward pass on the same input (the same array, after dropout):
   * the pre-activations ({@code z}; where this layer applies its activation, {@link #ownActivation}, the
   * activations), in this layer's {@code outputs}.
   */
  private record Forward(INDArray input, float[] z) {
  }
}
