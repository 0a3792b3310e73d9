package io.github.fashionae.stage;

import io.github.fashionae.dataset.FashionMnist;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a consumer of a published model must know to use it: what goes in, what comes out, and the classes in
 * label order. The same for {@code model.zip} and {@code model.onnx}; written into every model card.
 *
 * @param kind the stage's kind
 * @param inputShape the input's shape, -1 for the batch
 * @param outputShape the output's shape, -1 for the batch
 * @param output what the output is
 * @param classes the class names in label order (a classifier's output index is the label), or empty
 */
public record ModelContract(StageKind kind, List<Integer> inputShape, List<Integer> outputShape, String output,
                            List<String> classes) {

  /** The name of an ONNX model's input. */
  public static final String ONNX_INPUT = "input";
  /** The name of an ONNX model's output. */
  public static final String ONNX_OUTPUT = "output";
  /** How a pixel becomes an input value. */
  public static final String PIXEL_SCALING = "value = byte / 255 (float), in [0, 1]; 0 is the background, as in "
      + "Fashion-MNIST's IDX files";
  /** The input's layout. */
  public static final String INPUT = "float32 [batch, 784]: each row one 28x28 grayscale image, row by row";

  public ModelContract {
    inputShape = List.copyOf(inputShape);
    outputShape = List.copyOf(outputShape);
    classes = List.copyOf(classes);
  }

  /** The contract of a stage of {@code kind}. */
  public static ModelContract of(StageKind kind) {
    int pixels = FashionMnist.ROWS * FashionMnist.COLUMNS;
    return kind == StageKind.AUTOENCODER
        ? new ModelContract(kind, List.of(-1, pixels), List.of(-1, pixels),
            "float32 [batch, 784]: the reconstructed image, row by row, each value in [0, 1] (sigmoid)", List.of())
        : new ModelContract(kind, List.of(-1, pixels), List.of(-1, FashionMnist.CLASSES),
            "float32 [batch, 10]: the class probabilities (softmax), index = label; the predicted class is the "
                + "index of the largest", FashionMnist.CLASS_NAMES);
  }

  /** The card's entries: {@code input} and {@code output}, and {@code classes} for a classifier. */
  public Map<String, Object> describe() {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("layout", INPUT);
    input.put("shape", inputShape);
    input.put("pixelScaling", PIXEL_SCALING);
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("input", input);
    card.put("output", Map.of("shape", outputShape, "meaning", output));
    if (!classes.isEmpty()) {
      card.put("classes", classes);
    }
    return card;
  }
}
