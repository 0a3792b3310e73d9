package io.github.fashionae.model;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/** Java access to the values of ND4J arrays in native memory, for the layers written here. */
final class NativeFloats {

  private NativeFloats() {
  }

  /** Whether the array is float, C-ordered and contiguous, so that {@link #buffer} reads its values in order. */
  static boolean isDense(INDArray array) {
    return array.dataType() == DataType.FLOAT && array.ordering() == 'c' && Shape.hasDefaultStridesForShape(array);
  }

  /**
   * Whether the array is float, F-ordered (column-major: DL4J's layout for a dense layer's weights) and contiguous,
   * so that {@link #buffer} reads its transpose row by row.
   */
  static boolean isDenseColumnMajor(INDArray array) {
    return array.dataType() == DataType.FLOAT && array.ordering() == 'f' && array.rank() == 2
        && Shape.hasDefaultStridesForShape(array);
  }

  /** The array itself when it {@link #isDense}; otherwise such a copy. */
  static INDArray dense(INDArray array) {
    return isDense(array) ? array : array.castTo(DataType.FLOAT).dup('c');
  }

  /**
   * The values of a {@link #dense} array as a buffer indexed from 0: ND4J's NIO view starts at the underlying
   * allocation, the array's offset is where its values begin. The buffer does not keep the array alive: keep
   * a reference (or a {@link java.lang.ref.Reference#reachabilityFence}) until done with it. Host memory only
   * (nd4j-native, as this project pins).
   */
  static FloatBuffer buffer(INDArray array) {
    return array.data().asNioFloat().position((int) array.offset()).slice();
  }
}
