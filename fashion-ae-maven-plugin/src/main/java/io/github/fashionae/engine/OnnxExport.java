package io.github.fashionae.engine;

import io.github.fashionae.model.Networks;
import io.github.fashionae.stage.ModelContract;
import io.github.fashionae.stage.StageFiles;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import onnx.Onnx;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;

/**
 * Writes a trained network as an ONNX model (opset {@link StageFiles#ONNX_OPSET}), for consumers outside the JVM:
 * ONNX Runtime, PyTorch, browsers. ND4J's jar carries the ONNX protobuf classes; DL4J itself only imports ONNX, and
 * no maintained DL4J exporter exists, so the graph is built here, layer by layer, for the layers the study's
 * networks use: convolutions (Conv), transposed convolutions (ConvTranspose), max pooling (MaxPool), dense and
 * output layers (Gemm), ReLU, sigmoid and softmax, and DL4J's input preprocessors (Reshape). Dropout is the
 * identity in inference and writes nothing; a frozen layer is written as the layer inside it. It takes the
 * published form of a network ({@code PortableNetworks}): DL4J's own layers. Any other layer or setting is refused
 * with its name, rather than exported wrongly.
 *
 * <p>The model takes {@code input}, float [batch, 784] (pixels scaled to [0, 1], row by row, as DL4J's), and
 * gives {@code output}: float [batch, 784] reconstructions or [batch, 10] class probabilities. Its bytes depend
 * only on the network: fixed names, no timestamps, and protobuf writes fields in number order.
 */
final class OnnxExport {

  /** The ONNX IR version of opset 13's release (ONNX 1.8). */
  static final long IR_VERSION = 7;
  static final String INPUT = ModelContract.ONNX_INPUT;
  static final String OUTPUT = ModelContract.ONNX_OUTPUT;

  private static final int FLOAT = Onnx.TensorProto.DataType.FLOAT.getNumber();
  private static final int INT64 = Onnx.TensorProto.DataType.INT64.getNumber();

  private final Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder();
  private String current = INPUT;
  /** The features per example of the current value when it is flat ([batch, n]), else -1. */
  private long width = Networks.PIXELS;

  private OnnxExport(String name) {
    graph.setName(name);
  }

  /**
   * The ONNX model of {@code net}.
   *
   * @param name the graph's name, e.g. "classifier-finetune"
   * @param description the model's doc string: what it is, in a line
   * @throws IllegalArgumentException naming the layer that has no ONNX form here
   */
  static byte[] export(MultiLayerNetwork net, String name, String description) {
    OnnxExport export = new OnnxExport(name);
    export.graph.addInput(valueInfo(INPUT, Networks.PIXELS));
    MultiLayerConfiguration configuration = net.getLayerWiseConfigurations();
    for (int i = 0; i < configuration.getConfs().size(); i++) {
      export.preprocessor(i, configuration.getInputPreProcess(i));
      export.layer(i, configuration.getConf(i).getLayer(), net.getLayer(i).paramTable());
    }
    if (export.width < 0) {
      throw new IllegalArgumentException("ONNX export: expected a network with flat output [batch, n], found one "
          + "whose last layer gives images");
    }
    export.node("Identity", OUTPUT, List.of(export.current));
    export.graph.addOutput(valueInfo(OUTPUT, export.width));
    return Onnx.ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(StageFiles.ONNX_OPSET))
        .setProducerName("fashion-ae-maven-plugin")
        .setDocString(description)
        .setGraph(export.graph)
        .build()
        .toByteArray();
  }

  private void preprocessor(int index, InputPreProcessor preprocessor) {
    if (preprocessor == null) {
      return;
    }
    String at = "layer" + index + "_in";
    if (preprocessor instanceof FeedForwardToCnnPreProcessor toCnn) {
      long[] shape = {-1, toCnn.getNumChannels(), toCnn.getInputHeight(), toCnn.getInputWidth()};
      reshape(at, shape);
      width = -1;
    } else if (preprocessor instanceof CnnToFeedForwardPreProcessor toFlat && toFlat.getFormat() == CNN2DFormat.NCHW) {
      width = toFlat.getNumChannels() * toFlat.getInputHeight() * toFlat.getInputWidth();
      reshape(at, new long[] {-1, width});
    } else {
      throw unsupported(index, "input preprocessor " + preprocessor);
    }
  }

  private void reshape(String at, long[] shape) {
    graph.addInitializer(Onnx.TensorProto.newBuilder().setName(at + ".shape").setDataType(INT64)
        .addDims(shape.length).addAllInt64Data(Arrays.stream(shape).boxed().toList()));
    current = node("Reshape", at, List.of(current, at + ".shape"));
  }

  private void layer(int index, Layer layer, Map<String, INDArray> parameters) {
    Layer inner = layer instanceof FrozenLayer frozen ? frozen.getLayer() : layer;
    String at = "layer" + index;
    if (inner instanceof DropoutLayer) {
      return; // the identity in inference
    }
    if (inner instanceof Deconvolution2D deconvolution) {
      convolution(index, deconvolution, "ConvTranspose", parameters);
    } else if (inner.getClass() == ConvolutionLayer.class) {
      ConvolutionLayer convolution = (ConvolutionLayer) inner;
      convolution(index, convolution, "Conv", parameters);
    } else if (inner instanceof SubsamplingLayer pooling) {
      pooling(index, pooling);
    } else if (inner instanceof DenseLayer || inner instanceof OutputLayer) {
      if (width < 0) {
        throw unsupported(index, "a dense layer on images without a preprocessor");
      }
      INDArray weights = parameters.get("W");
      graph.addInitializer(floats(at + ".W", weights, weights.shape()));
      graph.addInitializer(floats(at + ".b", parameters.get("b"), weights.shape()[1]));
      current = node("Gemm", at + "_gemm", List.of(current, at + ".W", at + ".b"));
      width = weights.shape()[1];
    } else if (!(inner instanceof LossLayer)) {
      throw unsupported(index, inner.getClass().getSimpleName());
    }
    if (inner instanceof BaseLayer base) {
      activation(index, base.getActivationFn());
    } else if (inner instanceof LossLayer loss) {
      activation(index, loss.getActivationFn());
    }
  }

  private void convolution(int index, ConvolutionLayer layer, String op, Map<String, INDArray> parameters) {
    String at = "layer" + index;
    if (layer.getCnn2dDataFormat() != CNN2DFormat.NCHW || !(layer.getConvolutionMode() == ConvolutionMode.Truncate
        || layer.getConvolutionMode() == ConvolutionMode.Strict)) {
      throw unsupported(index, "a convolution in " + layer.getCnn2dDataFormat() + " with mode "
          + layer.getConvolutionMode() + " (expected NCHW, Truncate or Strict)");
    }
    INDArray weights = parameters.get("W");
    graph.addInitializer(floats(at + ".W", weights, weights.shape()));
    List<String> inputs = List.of(current, at + ".W");
    if (layer.hasBias()) {
      graph.addInitializer(floats(at + ".b", parameters.get("b"), layer.getNOut()));
      inputs = List.of(current, at + ".W", at + ".b");
    }
    int[] padding = layer.getPadding();
    current = node(op, at + "_" + op.toLowerCase(Locale.ROOT), inputs,
        ints("kernel_shape", layer.getKernelSize()), ints("strides", layer.getStride()),
        ints("pads", padding[0], padding[1], padding[0], padding[1]), ints("dilations", layer.getDilation()));
  }

  private void pooling(int index, SubsamplingLayer layer) {
    if (layer.getPoolingType() != PoolingType.MAX || layer.getCnn2dDataFormat() != CNN2DFormat.NCHW
        || !(layer.getConvolutionMode() == ConvolutionMode.Truncate
        || layer.getConvolutionMode() == ConvolutionMode.Strict)) {
      throw unsupported(index, layer.getPoolingType() + " pooling with mode " + layer.getConvolutionMode());
    }
    int[] padding = layer.getPadding();
    current = node("MaxPool", "layer" + index + "_maxpool", List.of(current),
        ints("kernel_shape", layer.getKernelSize()), ints("strides", layer.getStride()),
        ints("pads", padding[0], padding[1], padding[0], padding[1]), ints("dilations", layer.getDilation()));
  }

  private void activation(int index, IActivation activation) {
    String at = "layer" + index;
    if (activation instanceof ActivationReLU relu && relu.getMax() == null && relu.getThreshold() == null
        && relu.getNegativeSlope() == null) {
      current = node("Relu", at + "_relu", List.of(current));
    } else if (activation instanceof ActivationSigmoid) {
      current = node("Sigmoid", at + "_sigmoid", List.of(current));
    } else if (activation instanceof ActivationSoftmax) {
      if (width < 0) {
        throw unsupported(index, "softmax over images");
      }
      current = node("Softmax", at + "_softmax", List.of(current), Onnx.AttributeProto.newBuilder().setName("axis")
          .setType(Onnx.AttributeProto.AttributeType.INT).setI(1).build());
    } else if (!(activation == null || activation instanceof ActivationIdentity)) {
      throw unsupported(index, "activation " + activation);
    }
  }

  private String node(String op, String output, List<String> inputs, Onnx.AttributeProto... attributes) {
    graph.addNode(Onnx.NodeProto.newBuilder().setName(output).setOpType(op).addAllInput(inputs).addOutput(output)
        .addAllAttribute(List.of(attributes)));
    return output;
  }

  private static Onnx.AttributeProto ints(String name, int... values) {
    return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INTS)
        .addAllInts(Arrays.stream(values).mapToObj(v -> (long) v).toList()).build();
  }

  /** A float tensor of {@code array}'s values in C order, reshaped to {@code dims}. */
  private static Onnx.TensorProto floats(String name, INDArray array, long... dims) {
    float[] values = array.castTo(DataType.FLOAT).dup('c').data().asFloat();
    long count = Arrays.stream(dims).reduce(1, Math::multiplyExact);
    if (values.length != count) {
      throw new IllegalStateException(name + ": expected " + count + " values, found " + values.length);
    }
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return Onnx.TensorProto.newBuilder().setName(name).setDataType(FLOAT)
        .addAllDims(Arrays.stream(dims).boxed().toList()).setRawData(ByteString.copyFrom(bytes.array())).build();
  }

  private static Onnx.ValueInfoProto valueInfo(String name, long features) {
    Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder()
        .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
        .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(features));
    return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
        .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(FLOAT).setShape(shape))).build();
  }

  private static IllegalArgumentException unsupported(int index, String what) {
    return new IllegalArgumentException("ONNX export: layer " + index + " has no ONNX form here: " + what);
  }
}
