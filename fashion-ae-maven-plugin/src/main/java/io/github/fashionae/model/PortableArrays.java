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
    return read(dense, Scratch.sized(buffer, Math.toIntExact(dense.length())));
  }

  /**
   * A new C-ordered float array of {@code shape} holding {@code values}, row-major, in one bulk copy (ND4J's own
   * {@code Nd4j.create(float[], …)} copies value by value: 0.33 ms against 0.16 for a batch of 78,400 values here).
   */
  public static INDArray array(float[] values, long... shape) {
    return write(Nd4j.createUninitialized(DataType.FLOAT, shape, 'c'), values); // contiguous, from its offset
  }

  /**
   * The transpose of a matrix, row-major ([columns][rows]): for a column-major one ({@link
   * NativeFloats#isDenseColumnMajor}) its values as stored, in one bulk copy; else through {@link #rowMajor}.
   */
  static float[] transposed(INDArray matrix) {
    int rows = (int) matrix.size(0);
    int columns = (int) matrix.size(1);
    if (NativeFloats.isDenseColumnMajor(matrix)) {
      return read(matrix, new float[rows * columns]);
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
      return write(target, values);
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
    return write(target, values);
  }

  /** Reads a contiguous array's values, in its storage order, into {@code values} (of its length), returned. */
  private static float[] read(INDArray contiguous, float[] values) {
    NativeFloats.buffer(contiguous).get(values);
    Reference.reachabilityFence(contiguous); // the NIO view does not keep the array, and so its memory, alive
    return values;
  }

  /** Writes {@code values}, in its storage order, into a contiguous array of their count, returned. */
  private static INDArray write(INDArray contiguous, float[] values) {
    if (contiguous.length() != values.length) {
      throw new IllegalArgumentException("expected " + contiguous.length() + " values, found " + values.length);
    }
    NativeFloats.buffer(contiguous).put(values);
    Reference.reachabilityFence(contiguous);
    return contiguous;
  }
}
