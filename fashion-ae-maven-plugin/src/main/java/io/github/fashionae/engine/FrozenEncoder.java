package io.github.fashionae.engine;

import io.github.fashionae.dataset.LabeledImages;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A classifier whose first layers are frozen, trained as what it is: a head on fixed features. A frozen encoder
 * runs in inference mode, with no dropout and no updates, so it gives every image the same features in every
 * epoch. This computes them once per image, and trains a network of the layers after the encoder (the head:
 * dropout and the softmax layer) on them, instead of running the whole encoder forward for every minibatch and
 * every evaluation. The head starts as a copy of the classifier's own head (parameters, updater state,
 * iteration count) and is copied back after each epoch, so checkpoints and the saved model are the classifier's
 * as before, and resume is exact. The random draws are the same (only the head's dropout draws).
 *
 * <p>The numbers are not bit for bit those of the encoder running in every minibatch: the encoder's output for
 * an image depends in its last bits on the image's row in the batch (the dense layer's GEMM treats a block's tail
 * rows with other kernels; measured on a Zen5: 8 of 50 rows differ when a batch is reversed, by up to 1e-7), and
 * a minibatch's rows change with every epoch's shuffle, so no features computed once can equal all of them. The
 * features here are computed in batches of {@link Trainer#EVAL_BATCH} in file order, as the evaluations compute
 * them; {@code FrozenEncoderTest} bounds the difference. Hence {@code EngineIdentity.FROZEN_CLASSIFIER_REVISION}.
 */
final class FrozenEncoder {

  private final MultiLayerNetwork net;
  private final int encoderLayers;
  private final MultiLayerNetwork head;
  private final Map<LabeledImages, INDArray> features = new IdentityHashMap<>();

  private FrozenEncoder(MultiLayerNetwork net, int encoderLayers) {
    this.net = net;
    this.encoderLayers = encoderLayers;
    MultiLayerConfiguration whole = net.getLayerWiseConfigurations();
    List<NeuralNetConfiguration> confs = new ArrayList<>();
    for (int i = encoderLayers; i < whole.getConfs().size(); i++) {
      if (whole.getInputPreProcess(i) != null) {
        throw new IllegalArgumentException("the head's layer " + i + " has an input preprocessor");
      }
      confs.add(whole.getConf(i).clone());
    }
    head = new MultiLayerNetwork(new MultiLayerConfiguration.Builder().confs(confs).dataType(DataType.FLOAT)
        .build());
    head.init();
    fromClassifier();
  }

  /**
   * The frozen encoder of {@code net}: its leading frozen layers, when there are some and every layer after them
   * is trained.
   */
  static Optional<FrozenEncoder> of(MultiLayerNetwork net) {
    MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
    int frozen = 0;
    while (frozen < conf.getConfs().size() && conf.getConf(frozen).getLayer() instanceof FrozenLayer) {
      frozen++;
    }
    if (frozen == 0 || frozen == conf.getConfs().size()) {
      return Optional.empty();
    }
    for (int i = frozen; i < conf.getConfs().size(); i++) {
      if (conf.getConf(i).getLayer() instanceof FrozenLayer) {
        return Optional.empty();
      }
    }
    return Optional.of(new FrozenEncoder(net, frozen));
  }

  /** How many leading layers of the classifier are the frozen encoder. */
  int encoderLayers() {
    return encoderLayers;
  }

  /** The network of the head's layers, which trains in the classifier's place. */
  MultiLayerNetwork head() {
    return head;
  }

  /**
   * The encoder's outputs for images {@code indices[from..to)} of {@code images}, computed once per set; safe to
   * call from the evaluation's workers at once.
   */
  synchronized INDArray features(LabeledImages images, int[] indices, int from, int to) {
    INDArray all = features.computeIfAbsent(images, this::encode);
    int[] rows = new int[to - from];
    System.arraycopy(indices, from, rows, 0, rows.length);
    return all.getRows(rows);
  }

  private INDArray encode(LabeledImages images) {
    int[] every = DataSplit.range(images.count());
    List<INDArray> parts = new ArrayList<>();
    for (int from = 0; from < every.length; from += Trainer.EVAL_BATCH) {
      int to = Math.min(every.length, from + Trainer.EVAL_BATCH);
      List<INDArray> activations = net.feedForwardToLayer(encoderLayers - 1,
          Batches.features(images, every, from, to), false);
      parts.add(activations.get(encoderLayers).dup());
      release(activations);
    }
    INDArray all = Nd4j.vstack(parts.toArray(INDArray[]::new));
    release(parts);
    net.clearLayersStates();
    return all;
  }

  /**
   * Frees the off-heap buffers of {@code arrays} now. {@code feedForwardToLayer} gives every layer's activations
   * outside any workspace, and a garbage collection would free them only when the heap fills, which these small
   * Java objects never make it do: the 700 passes over the full data (about 12 MB each) held the engine JVM at
   * over 2 GB. An array listed twice, or a view, is freed once, through the array that owns its buffer.
   */
  private static void release(List<INDArray> arrays) {
    Set<INDArray> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (INDArray array : arrays) {
      if (seen.add(array) && array.closeable()) {
        array.close();
      }
    }
  }

  /** Gives the classifier the head's parameters, updater state and counts: after an epoch, before a checkpoint. */
  void toClassifier() {
    copy(head, net, true);
  }

  private void fromClassifier() {
    copy(net, head, false);
  }

  /** Copies the head's part of {@code from} into {@code to}; {@code toWhole}: {@code to} is the classifier. */
  private void copy(MultiLayerNetwork from, MultiLayerNetwork to, boolean toWhole) {
    int offset = toWhole ? 0 : encoderLayers;
    int target = toWhole ? encoderLayers : 0;
    for (int i = 0; i < head.getnLayers(); i++) {
      if (from.getLayer(i + offset).numParams() > 0) {
        to.getLayer(i + target).setParams(from.getLayer(i + offset).params().dup());
      }
    }
    INDArray state = from.getUpdater().getStateViewArray();
    INDArray into = to.getUpdater().getStateViewArray();
    if ((state == null) != (into == null) || state != null && state.length() != into.length()) {
      throw new IllegalStateException("the frozen classifier's updater state (" + (state == null ? 0 : state.length())
          + " values) is not its head's (" + (into == null ? 0 : into.length()) + ")");
    }
    if (state != null) {
      into.assign(state);
    }
    to.setIterationCount(from.getIterationCount());
    to.setEpochCount(from.getEpochCount());
  }
}
