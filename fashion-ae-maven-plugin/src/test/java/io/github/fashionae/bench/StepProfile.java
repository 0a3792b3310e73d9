package io.github.fashionae.bench;

import io.github.fashionae.dataset.FashionMnist;
import io.github.fashionae.dataset.LabeledImages;
import java.util.Locale;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a training step's time goes, layer by layer: runs the study's network's layers one at a time, forward in
 * training mode and then backward, as {@code MultiLayerNetwork.fit} does, timing each layer's (and its input
 * preprocessor's) forward and backward pass; then times whole {@code fit} steps on the same minibatches, so that
 * the rest (the updater, the score, DL4J's bookkeeping) is the difference. Minibatches of 100 real training images
 * in file order, as {@link TrainingBench}. Run by {@code bench/step-profile} with the forked training JVM's options;
 * not a test.
 *
 * <p>Usage: {@code StepProfile autoencoder|classifier STEPS [DATA_DIRECTORY]}. Prints one line per layer,
 * {@code layer <i> <type> forward_ms=<ms> backward_ms=<ms>}, per step (with the GFLOP/s of a layer with weights), then {@code step_ms=<ms>},
 * {@code rest_ms=<ms>}, and what an epoch of the plugin's spends training (500 steps) and evaluating (forward
 * passes in evaluation mode over 60,000 images, in batches of 100, as the trainer's after every epoch, on one
 * thread).
 */
public final class StepProfile {

  private static final int WARMUP = 10;

  private StepProfile() {
  }

  public static void main(String[] args) throws Exception {
    String net = args[0];
    int steps = Integer.parseInt(args[1]);
    LabeledImages data = TrainingBench.trainingImages(args.length > 2 ? args[2] : FashionMnist.DEBIAN_DIRECTORY);
    MultiLayerNetwork network = TrainingBench.network(net, 0.2);
    network.initGradientsView(); // as fit does first
    boolean classify = net.equals("classifier");
    int layers = network.getnLayers();
    long[] forward = new long[layers];
    long[] backward = new long[layers];
    long[] macs = new long[layers]; // multiply-adds of one forward pass of a layer with weights
    // one workspace for all of a step's arrays, reused from step to step, as fit's workspaces are: without one,
    // every array is a fresh native allocation, whose page faults cost more than the layers' work on a VM
    WorkspaceConfiguration workspace = WorkspaceConfiguration.builder().initialSize(0).overallocationLimit(0.1)
        .policyAllocation(AllocationPolicy.OVERALLOCATE).policyLearning(LearningPolicy.FIRST_LOOP)
        .policyReset(ResetPolicy.BLOCK_LEFT).policySpill(SpillPolicy.REALLOCATE).build();
    LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.builder().defaultWorkspace("STEP_PROFILE", workspace).build();

    for (int step = 0; step < WARMUP + steps; step++) {
      MemoryWorkspace scope = Nd4j.getWorkspaceManager().getAndActivateWorkspace(workspace, "STEP_PROFILE");
      boolean timed = step >= WARMUP;
      int from = (step * 100) % (data.count() - 100);
      INDArray features = TrainingBench.features(data, from);
      INDArray labels = classify ? TrainingBench.oneHot(data, from) : features;
      INDArray activation = features;
      for (int i = 0; i < layers; i++) {
        long start = System.nanoTime();
        InputPreProcessor preprocessor = network.getLayerWiseConfigurations().getInputPreProcess(i);
        if (preprocessor != null) {
          activation = preprocessor.preProcess(activation, 100, workspaces);
        }
        Layer layer = network.getLayer(i);
        if (layer instanceof IOutputLayer output) {
          output.setLabels(labels);
        }
        INDArray input = activation;
        activation = layer.activate(activation, true, workspaces);
        if (step == 0) {
          macs[i] = multiplyAdds(layer, input, activation);
        }
        if (timed) {
          forward[i] += System.nanoTime() - start;
        }
      }
      INDArray epsilon = null;
      for (int i = layers - 1; i >= 0; i--) {
        long start = System.nanoTime();
        Pair<Gradient, INDArray> gradient = network.getLayer(i).backpropGradient(epsilon, workspaces);
        epsilon = gradient.getSecond();
        InputPreProcessor preprocessor = network.getLayerWiseConfigurations().getInputPreProcess(i);
        if (preprocessor != null && epsilon != null) {
          epsilon = preprocessor.backprop(epsilon, 100, workspaces);
        }
        if (timed) {
          backward[i] += System.nanoTime() - start;
        }
      }
      scope.close();
    }

    long fitNanos = 0;
    for (int step = 0; step < WARMUP + steps; step++) {
      int from = (step * 100) % (data.count() - 100);
      INDArray features = TrainingBench.features(data, from);
      DataSet batch = new DataSet(features, classify ? TrainingBench.oneHot(data, from) : features);
      long start = System.nanoTime();
      network.fit(batch);
      if (step >= WARMUP) {
        fitNanos += System.nanoTime() - start;
      }
    }

    // an epoch's evaluation: forward passes in evaluation mode over 60,000 images, in the trainer's batches of 100
    long evalStart = System.nanoTime();
    for (int from = 0; from + 100 <= data.count(); from += 100) {
      network.output(TrainingBench.features(data, from, 100), false);
    }
    double evaluationSeconds = (System.nanoTime() - evalStart) / 1e9;

    double layersMs = 0;
    System.out.printf(Locale.ROOT, "dl4j net=%s numerics=%s threads=%s steps=%d%n", net,
        TrainingBench.PORTABLE ? "portable" : "native",
        TrainingBench.threads(), steps);
    for (int i = 0; i < layers; i++) {
      double f = forward[i] / 1e6 / steps;
      double b = backward[i] / 1e6 / steps;
      layersMs += f + b;
      // backward: the weight gradient and the input gradient, each as many multiply-adds as the forward pass,
      // but for a first layer, which skips its input gradient
      long backwardMacs = macs[i] * (i == 0 ? 1 : 2);
      System.out.printf(Locale.ROOT, "layer %2d %-22s forward_ms=%7.2f backward_ms=%7.2f%s%n", i,
          describe(network, i), f, b, macs[i] == 0 ? "" : String.format(Locale.ROOT,
              " forward_gflops=%5.1f backward_gflops=%5.1f", 2e-6 * macs[i] / f, 2e-6 * backwardMacs / b));
    }
    double stepMs = fitNanos / 1e6 / steps;
    System.out.printf(Locale.ROOT, "layers_ms=%.2f step_ms=%.2f rest_ms=%.2f epoch_training_s=%.1f "
        + "epoch_evaluation_s=%.1f%n", layersMs, stepMs, stepMs - layersMs, stepMs * 500 / 1000, evaluationSeconds);
  }

  /**
   * A layer's multiply-adds in one forward pass over the minibatch: its weights times the output pixels (a
   * convolution), the input pixels (a transposed convolution, which scatters each input pixel), or once (a dense
   * layer); 0 for a layer without weights.
   */
  private static long multiplyAdds(Layer layer, INDArray input, INDArray output) {
    INDArray weights = layer.getParam("W");
    if (weights == null) {
      return 0;
    }
    long batch = output.size(0);
    String type = layer.conf().getLayer().getClass().getSimpleName();
    if (type.contains("Deconvolution")) {
      return weights.length() * batch * input.size(2) * input.size(3);
    }
    if (output.rank() == 4) {
      return weights.length() * batch * output.size(2) * output.size(3);
    }
    return weights.length() * batch;
  }

  private static String describe(MultiLayerNetwork network, int i) {
    String name = network.getLayerWiseConfigurations().getConf(i).getLayer().getClass().getSimpleName();
    long parameters = network.getLayer(i).numParams();
    return parameters == 0 ? name : name + "(" + parameters + "p)";
  }
}
