package io.github.fashionae.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The exact copies between ND4J's arrays and float arrays, whatever the array's order. */
class PortableArraysTest {

  private static final float[] MATRIX = {1, 2, 3, 4, 5, 6}; // 2 x 3, row-major
  private static final float[] TRANSPOSE = {1, 4, 2, 5, 3, 6}; // 3 x 2, row-major

  @Test
  void aMatrixTransposeIsReadFromEitherOrderAndFromAView() {
    INDArray rowMajor = Nd4j.create(MATRIX, new long[] {2, 3}, 'c');
    INDArray columnMajor = rowMajor.dup('f');
    INDArray view = Nd4j.create(DataType.FLOAT, 4, 5).get(NDArrayIndex.interval(1, 3), NDArrayIndex.interval(1, 4))
        .assign(rowMajor);

    assertThat(NativeFloats.isDenseColumnMajor(columnMajor)).isTrue();
    assertThat(NativeFloats.isDenseColumnMajor(rowMajor)).isFalse();
    assertThat(PortableArrays.transposed(columnMajor)).containsExactly(TRANSPOSE);
    assertThat(PortableArrays.transposed(rowMajor)).containsExactly(TRANSPOSE);
    assertThat(PortableArrays.transposed(view)).containsExactly(TRANSPOSE);
  }

  @Test
  void aMatrixTransposeIsWrittenIntoEitherOrderAndIntoAView() {
    INDArray columnMajor = Nd4j.create(DataType.FLOAT, new long[] {2, 3}, 'f');
    INDArray rowMajor = Nd4j.create(DataType.FLOAT, new long[] {2, 3}, 'c');
    INDArray whole = Nd4j.create(DataType.FLOAT, 4, 5);
    INDArray view = whole.get(NDArrayIndex.interval(1, 3), NDArrayIndex.interval(1, 4));

    for (INDArray target : new INDArray[] {columnMajor, rowMajor, view}) {
      PortableArrays.assignTransposed(target, TRANSPOSE);
      assertThat(PortableArrays.rowMajor(target)).containsExactly(MATRIX);
    }
    assertThat(whole.sumNumber().doubleValue()).isEqualTo(21.0); // nothing written outside the view
  }

  @Test
  void aNewArrayHoldsTheValuesInRowMajorOrder() {
    INDArray array = PortableArrays.array(MATRIX, 2, 3);

    assertThat(array.shape()).containsExactly(2, 3);
    assertThat(array.ordering()).isEqualTo('c');
    assertThat(array.getFloat(1, 0)).isEqualTo(4f);
    assertThat(PortableArrays.rowMajor(array)).containsExactly(MATRIX);
  }
}
