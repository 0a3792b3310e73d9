package io.github.fashionae.model;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The study's networks as Deeplearning4j configurations.
 *
 * <p>PyTorch applies dropout to a layer's output; DL4J's {@code dropOut} applies to a layer's input and takes
 * the probability to RETAIN. So "Conv, ReLU, Dropout(p), MaxPool" becomes a convolution followed by a max-pool
 * whose input is dropped with probability p ({@code dropOut(1 - p)}), and so on down the network. PyTorch's
 * ConvTranspose2d with output padding has no DL4J equivalent: kernel 5 stride 2, then kernel 4 stride 2 give
 * the same 5 → 13 → 28 shapes. Weights are initialised like PyTorch's defaults, U(-1/sqrt(fanIn), 1/sqrt(fanIn)).
 *
 * <p>The autoencoder's output goes through a {@link LossLayer} on the flattened 784 pixels, so DL4J's MSE is
 * the per-pixel mean, as PyTorch's {@code MSELoss}: gradients have PyTorch's scale, which matters for SGD.
 */
public final class Networks {

  /** Pixels per image, and the flat input size. */
  public static final int PIXELS = 28 * 28;

  /** Layer indices of the encoder (conv, pool, conv, pool, dense) in both networks. */
  public static final int[] ENCODER_LAYERS_WITH_PARAMS = {0, 2, 4};

  /** How many leading layers make up the encoder. */
  public static final int ENCODER_LAYER_COUNT = 5;

  private static final int CONV2_CHANNELS = 32;
  private static final int CONV2_SIDE = 5;
  private static final int FLAT_CODE = CONV2_CHANNELS * CONV2_SIDE * CONV2_SIDE;

  private Networks() {
  }

  /** The autoencoder of the study, or its ablation without the linear bottleneck. */
  public static MultiLayerConfiguration autoencoder(AutoencoderSpec spec, TrainingSettings training) {
    double p = training.dropout();
    NeuralNetConfiguration.ListBuilder list = base(training).list();
    addEncoderConvolutions(list, p);
    int next = 4;
    if (spec.linearBottleneck()) {
      list.layer(next++, new DenseLayer.Builder().nOut(spec.latentSize()).activation(Activation.RELU).build());
      list.layer(next++, dropout(new DenseLayer.Builder().nOut(FLAT_CODE).activation(Activation.RELU), p).build());
      list.inputPreProcessor(next, new FeedForwardToCnnPreProcessor(CONV2_SIDE, CONV2_SIDE, CONV2_CHANNELS));
    }
    // After the linear layers, the input of the first transposed convolution is the dropped-out 800 code;
    // without them, it is the max-pool's output, whose input was already dropped.
    Deconvolution2D.Builder deconv1 = new Deconvolution2D.Builder(5, 5).stride(2, 2).nOut(16)
        .activation(Activation.RELU);
    list.layer(next++, (spec.linearBottleneck() ? dropout(deconv1, p) : deconv1).build());
    list.layer(next++, dropout(new Deconvolution2D.Builder(4, 4).stride(2, 2).nOut(1)
        .activation(Activation.SIGMOID), p).build());
    list.inputPreProcessor(next, new CnnToFeedForwardPreProcessor(28, 28, 1));
    list.layer(next, new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build());
    list.setInputType(InputType.convolutionalFlat(28, 28, 1));
    return list.build();
  }

  /**
   * The classifier: the autoencoder's encoder (convolutions and the linear layer to the latent code) and a
   * linear softmax head over ten classes, trained on cross-entropy. In {@link ClassifierMode#FROZEN} mode the
   * encoder layers are wrapped in DL4J's {@link FrozenLayer}: no updates, and they run in inference mode
   * (no dropout), so only the head pays for backpropagation.
   */
  public static MultiLayerConfiguration classifier(int latentSize, ClassifierMode mode, TrainingSettings training) {
    double p = training.dropout();
    NeuralNetConfiguration.ListBuilder list = base(training).list();
    addEncoderConvolutions(list, p);
    list.layer(4, new DenseLayer.Builder().nOut(latentSize).activation(Activation.RELU).build());
    list.layer(5, dropout(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
        .activation(Activation.SOFTMAX), p).build());
    list.setInputType(InputType.convolutionalFlat(28, 28, 1));
    MultiLayerConfiguration conf = list.build();
    if (mode == ClassifierMode.FROZEN) {
      for (int i = 0; i < ENCODER_LAYER_COUNT; i++) {
        NeuralNetConfiguration layerConf = conf.getConf(i);
        layerConf.setLayer(new FrozenLayer(layerConf.getLayer()));
      }
    }
    return conf;
  }

  private static NeuralNetConfiguration.Builder base(TrainingSettings training) {
    return new NeuralNetConfiguration.Builder()
        .seed(training.seed())
        .dataType(DataType.FLOAT)
        .weightInit(WeightInit.UNIFORM)
        .convolutionMode(ConvolutionMode.Truncate)
        .updater(updater(training));
  }

  /** Conv(1→16, k3)+ReLU, Dropout+MaxPool2, Conv(16→32, k3)+ReLU, Dropout+MaxPool2: layers 0 to 3. */
  private static void addEncoderConvolutions(NeuralNetConfiguration.ListBuilder list, double p) {
    list.layer(0, new ConvolutionLayer.Builder(3, 3).nIn(1).nOut(16).activation(Activation.RELU).build());
    list.layer(1, dropout(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
        .stride(2, 2), p).build());
    list.layer(2, new ConvolutionLayer.Builder(3, 3).nOut(CONV2_CHANNELS).activation(Activation.RELU).build());
    list.layer(3, dropout(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
        .stride(2, 2), p).build());
  }

  /** Drops the layer's input with probability p (DL4J's retain probability 1 - p); p = 0 means no dropout. */
  private static <T extends Layer.Builder<T>> T dropout(T builder, double p) {
    return p > 0 ? builder.dropOut(1 - p) : builder;
  }

  static IUpdater updater(TrainingSettings training) {
    return switch (training.optimizer()) {
      case ADAM -> new Adam(training.learningRate());
      case SGD -> new Sgd(training.learningRate());
    };
  }
}
