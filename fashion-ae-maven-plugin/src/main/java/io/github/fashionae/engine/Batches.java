package io.github.fashionae.engine;

import io.github.fashionae.dataset.LabeledImages;
import io.github.fashionae.model.Networks;
import io.github.fashionae.model.PortableArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Minibatches built on demand from the decoded bytes: the dataset stays on the heap as bytes, not floats. */
public final class Batches {

  private Batches() {
  }

  /** Images {@code indices[from..to)} as a [n, 784] float matrix, pixels scaled to [0, 1]. */
  public static INDArray features(LabeledImages data, int[] indices, int from, int to) {
    byte[] pixels = data.images().pixels();
    int n = to - from;
    float[] values = new float[n * Networks.PIXELS];
    for (int row = 0; row < n; row++) {
      int source = indices[from + row] * Networks.PIXELS;
      int target = row * Networks.PIXELS;
      for (int j = 0; j < Networks.PIXELS; j++) {
        values[target + j] = (pixels[source + j] & 0xff) / 255f;
      }
    }
    return PortableArrays.array(values, n, Networks.PIXELS);
  }

  /** Labels {@code indices[from..to)} one-hot, as a [n, 10] float matrix. */
  public static INDArray oneHot(LabeledImages data, int[] indices, int from, int to) {
    int n = to - from;
    float[] values = new float[n * 10];
    for (int row = 0; row < n; row++) {
      values[row * 10 + data.label(indices[from + row])] = 1f;
    }
    return PortableArrays.array(values, n, 10);
  }
}
