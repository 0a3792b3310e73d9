package io.github.fashionae.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Exact copies between ND4J's arrays and the float arrays the portable numerics compute on. */
final class PortableArrays {

  private PortableArrays() {
  }

  /** The array's elements in row-major order, copied exactly. */
  static float[] rowMajor(INDArray array) {
    return array.castTo(DataType.FLOAT).dup('c').data().asFloat();
  }

  /** Writes {@code values}, row-major, into {@code target} (of their count), and returns it. */
  static INDArray assign(INDArray target, float[] values) {
    return target.assign(Nd4j.create(values, target.shape(), 'c'));
  }
}
