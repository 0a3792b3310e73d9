package io.github.fashionae.model;

import io.github.fashionae.stage.AutoencoderSpec;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.TrainingSettings;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
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
 * The study's networks as Deeplearning4j configurations, layer for layer as the study's PyTorch modules.
 *
 * <p>Dropout is an explicit {@link DropoutLayer} wherever the study has a Dropout module. DL4J's per-layer
 * {@code dropOut(x)} cannot be used here: in 1.0.0-M2.1 a {@code SubsamplingLayer} silently ignores it, and
 * a {@code Deconvolution2D} applies it forward but not to the gradient, which derails training. DL4J takes the
 * probability to RETAIN: PyTorch's p = 0.2 is a DropoutLayer of 0.8. PyTorch's ConvTranspose2d with output
 * padding has no DL4J equivalent: kernel 5 stride 2, then kernel 4 stride 2 give the same 5 → 13 → 28 shapes.
 * Weights are initialised like PyTorch's defaults, U(-1/sqrt(fanIn), 1/sqrt(fanIn)).
 *
 * <p>Both networks train with two faster layers of this project's: {@link FastDropout} (one pass instead of
 * DL4J's four) and an {@link InputConvolutionLayer} first (no gradient with respect to the images). They change
 * the numbers a run produces, not what is computed: the autoencoder's switch to them was
 * {@link io.github.fashionae.stage.EngineIdentity#TRAINING_REVISION} 3. A saved model names DL4J's own layers
 * instead ({@link PortableNetworks}).
 *
 * <p>The autoencoder's output goes through a {@link LossLayer} on the flattened 784 pixels, so DL4J's MSE is
 * the per-pixel mean, as PyTorch's {@code MSELoss}: gradients have PyTorch's scale, which matters for SGD.
 */
public final class Networks {

  /** Pixels per image, and the flat input size. */
  public static final int PIXELS = 28 * 28;

  /** The encoder's layers with parameters: two convolutions and the linear layer to the latent code. */
  public static final int ENCODER_PARAMETER_LAYERS = 3;

  private static final int CONV2_CHANNELS = 32;
  private static final int CONV2_SIDE = 5;
  private static final int FLAT_CODE = CONV2_CHANNELS * CONV2_SIDE * CONV2_SIDE;

  private Networks() {
  }

  /** The autoencoder of the study, or its ablation without the linear bottleneck. */
  public static MultiLayerConfiguration autoencoder(AutoencoderSpec spec, TrainingSettings training) {
    Layers layers = new Layers(base(training).list(), training.dropout());
    addEncoderConvolutions(layers);
    if (spec.linearBottleneck()) {
      layers.add(new DenseLayer.Builder().nOut(spec.latentSize()).activation(new FastRelu()).build());
      layers.dropout();
      layers.add(new DenseLayer.Builder().nOut(FLAT_CODE).activation(new FastRelu()).build());
      layers.dropout();
      layers.list.inputPreProcessor(layers.next, new FeedForwardToCnnPreProcessor(CONV2_SIDE, CONV2_SIDE,
          CONV2_CHANNELS));
    }
    layers.add(new Deconvolution2D.Builder(5, 5).stride(2, 2).nOut(16).activation(new FastRelu()).build());
    layers.dropout();
    layers.add(new Deconvolution2D.Builder(4, 4).stride(2, 2).nOut(1).activation(Activation.SIGMOID).build());
    layers.list.inputPreProcessor(layers.next, new CnnToFeedForwardPreProcessor(28, 28, 1));
    layers.add(new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build());
    layers.list.setInputType(InputType.convolutionalFlat(28, 28, 1));
    return layers.list.build();
  }

  /**
   * The classifier: the autoencoder's encoder (convolutions and the linear layer to the latent code, with
   * their dropout) and a linear softmax head over ten classes, trained on cross-entropy. In
   * {@link ClassifierMode#FROZEN} mode the encoder's layers are wrapped in DL4J's {@link FrozenLayer}: no
   * updates, inference mode (no dropout inside the encoder), and backpropagation stops at the head.
   */
  public static MultiLayerConfiguration classifier(int latentSize, ClassifierMode mode, TrainingSettings training) {
    Layers layers = new Layers(base(training).list(), training.dropout());
    addEncoderConvolutions(layers);
    int latent = layers.add(new DenseLayer.Builder().nOut(latentSize).activation(new FastRelu()).build());
    layers.dropout();
    layers.add(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX)
        .build());
    layers.list.setInputType(InputType.convolutionalFlat(28, 28, 1));
    MultiLayerConfiguration conf = layers.list.build();
    if (mode == ClassifierMode.FROZEN) {
      for (int i = 0; i <= latent; i++) {
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
        .cacheMode(CacheMode.DEVICE)
        .updater(updater(training));
  }

  /**
   * Conv(1→16, k3)+ReLU, Dropout, MaxPool2, Conv(16→32, k3)+ReLU, Dropout, MaxPool2. The pooling is
   * {@link MaxPoolLayer} in both networks: the same numbers as DL4J's, without oneDNN's AVX2 fallback.
   */
  private static void addEncoderConvolutions(Layers layers) {
    layers.add(new InputConvolutionLayer.Builder(3, 3).nIn(1).nOut(16).activation(new FastRelu()).build());
    layers.dropout();
    layers.add(new MaxPoolLayer.Builder().build());
    layers.add(new ConvolutionLayer.Builder(3, 3).nOut(CONV2_CHANNELS).activation(new FastRelu()).build());
    layers.dropout();
    layers.add(new MaxPoolLayer.Builder().build());
  }

  /** Appends layers in order; dropout layers ({@link FastDropout}) only where p > 0. */
  private static final class Layers {
    final NeuralNetConfiguration.ListBuilder list;
    final double p;
    int next;

    Layers(NeuralNetConfiguration.ListBuilder list, double p) {
      this.list = list;
      this.p = p;
    }

    int add(Layer layer) {
      list.layer(next, layer);
      return next++;
    }

    void dropout() {
      if (p > 0) {
        add(new DropoutLayer.Builder().dropOut(new FastDropout(1 - p)).build());
      }
    }
  }

  static IUpdater updater(TrainingSettings training) {
    return switch (training.optimizer()) {
      case ADAM -> new Adam(training.learningRate());
      case SGD -> new Sgd(training.learningRate());
    };
  }
}
