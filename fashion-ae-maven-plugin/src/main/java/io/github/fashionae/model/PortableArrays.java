package io.github.fashionae.model;

import io.github.fashionae.numerics.Kernels;
import java.lang.ref.Reference;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Exact copies between ND4J's arrays and the float arrays the portable numerics compute on. */
public final class PortableArrays {

  private PortableArrays() {
  }

  /** The array's elements in row-major order, copied exactly (in one bulk copy from native memory). */
  static float[] rowMajor(INDArray array) {
    return rowMajor(array, null);
  }

  /** As {@link #rowMajor(INDArray)}, into {@code buffer} when it has the array's length (else a new array). */
  static float[] rowMajor(INDArray array, float[] buffer) {
    INDArray dense = NativeFloats.dense(array);
    float[] values = Scratch.sized(buffer, Math.toIntExact(dense.length()));
    NativeFloats.buffer(dense).get(values);
    Reference.reachabilityFence(dense);
    return values;
  }

  /**
   * A new C-ordered float array of {@code shape} holding {@code values}, row-major, in one bulk copy (ND4J's own
   * {@code Nd4j.create(float[], …)} copies value by value: 0.33 ms against 0.16 for a batch of 78,400 values here).
   */
  public static INDArray array(float[] values, long... shape) {
    INDArray array = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c'); // contiguous, from its offset
    if (array.length() != values.length) {
      throw new IllegalArgumentException("expected " + array.length() + " values, found " + values.length);
    }
    NativeFloats.buffer(array).put(values);
    Reference.reachabilityFence(array);
    return array;
  }

  /**
   * The transpose of a matrix, row-major ([columns][rows]): for a column-major one ({@link
   * NativeFloats#isDenseColumnMajor}) its values as stored, in one bulk copy; else through {@link #rowMajor}.
   */
  static float[] transposed(INDArray matrix) {
    int rows = (int) matrix.size(0);
    int columns = (int) matrix.size(1);
    if (NativeFloats.isDenseColumnMajor(matrix)) {
      float[] values = new float[rows * columns];
      NativeFloats.buffer(matrix).get(values);
      Reference.reachabilityFence(matrix);
      return values;
    }
    float[] transposed = new float[rows * columns];
    Kernels.transpose(rowMajor(matrix), 0, rows, columns, transposed, 0);
    return transposed;
  }

  /** Writes the transpose of a matrix ({@code values}, row-major [columns][rows]) into {@code target}, returned. */
  static INDArray assignTransposed(INDArray target, float[] values) {
    int rows = (int) target.size(0);
    int columns = (int) target.size(1);
    if (values.length != rows * columns) {
      throw new IllegalArgumentException("expected " + rows * columns + " values, found " + values.length);
    }
    if (NativeFloats.isDenseColumnMajor(target)) {
      NativeFloats.buffer(target).put(values);
      Reference.reachabilityFence(target);
      return target;
    }
    float[] rowMajor = new float[values.length];
    Kernels.transpose(values, 0, columns, rows, rowMajor, 0);
    return assign(target, rowMajor);
  }

  /** Writes {@code values}, row-major, into {@code target} (of their count), and returns it. */
  static INDArray assign(INDArray target, float[] values) {
    if (!NativeFloats.isDense(target)) {
      return target.assign(array(values, target.shape()));
    }
    if (target.length() != values.length) {
      throw new IllegalArgumentException("expected " + target.length() + " values, found " + values.length);
    }
    NativeFloats.buffer(target).put(values);
    Reference.reachabilityFence(target);
    return target;
  }
}
