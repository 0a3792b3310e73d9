package io.github.fashionae.numerics;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix product of the portable numerics, {@code C = init + A·B}, in an order fixed by this code alone: every
 * element of C starts from its initial value (zero, or a bias of its row or its column) and adds the products of
 * the reduction index {@code p = 0, 1, …, k-1} in that order, each with one exactly rounded fused multiply-add
 * ({@code acc = fma(a[i][p], b[p][j], acc)}). Nothing else touches an element, so its bits depend on its inputs only:
 * not on the CPU, the vector width, the JIT's choices or how many threads share the rows.
 *
 * <p>The vector path ({@code jdk.incubator.vector}) groups neighbouring columns {@code j} into lanes and keeps a
 * tile of rows in registers; the lanes are independent elements, each running the same sequence as the scalar path
 * ({@link Math#fma}). Both paths give the same bits ({@code GemmTest}); the scalar one is the reference, and the one
 * chosen with {@code -Dfashionae.numerics.scalar=true}. No reduction across lanes is used anywhere: the Vector API's
 * {@code reduceLanes(ADD)} has no fixed order.
 *
 * <p>Matrices are row-major slices of float arrays: element {@code (r, c)} of a matrix at offset {@code off} with
 * leading dimension {@code ld} is {@code array[off + r * ld + c]}, or {@code array[off + c * ld + r]} when the
 * matrix is given transposed.
 */
public final class Gemm {

  /** True when the scalar path runs ({@code -Dfashionae.numerics.scalar=true}): the same bits, slower. */
  public static final boolean SCALAR = Boolean.getBoolean("fashionae.numerics.scalar");

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final int ROWS = 4;

  private Gemm() {
  }

  /**
   * A matrix operand: a row-major slice of {@code data}.
   *
   * @param data the array
   * @param offset the index of element (0, 0)
   * @param ld the leading dimension: the distance between rows (between columns when {@code transposed})
   * @param transposed true when element (r, c) is at {@code offset + c * ld + r}
   */
  public record Matrix(float[] data, int offset, int ld, boolean transposed) {

    /** A plain row-major matrix with {@code columns} columns. */
    public static Matrix of(float[] data, int offset, int columns) {
      return new Matrix(data, offset, columns, false);
    }

    /** The transpose of the row-major matrix with {@code columns} columns stored at {@code offset}. */
    public static Matrix transposed(float[] data, int offset, int columns) {
      return new Matrix(data, offset, columns, true);
    }

    float get(int row, int column) {
      return data[transposed ? offset + column * ld + row : offset + row * ld + column];
    }
  }

  /** Where each element of C starts: at zero, or at a bias of its row or its column. */
  public enum Init {
    ZERO, ROW_BIAS, COLUMN_BIAS
  }

  /**
   * {@code c[i][j] = init(i, j) + Σ_p a[i][p] · b[p][j]} for {@code i < m}, {@code j < n}, {@code p < k}, summed in
   * the order of p with fused multiply-adds, for the rows {@code [fromRow, toRow)} of C only (so that threads can
   * share the rows; each element is computed by one of them).
   *
   * @param b a plain (not transposed) matrix: its rows are read as vectors
   * @param c C, row-major with leading dimension {@code ldc}, from {@code cOffset}
   * @param bias the biases for {@link Init#ROW_BIAS} (m of them) or {@link Init#COLUMN_BIAS} (n), else ignored
   */
  public static void multiply(Matrix a, Matrix b, float[] c, int cOffset, int ldc, int n, int k, Init init,
                              float[] bias, int fromRow, int toRow) {
    if (b.transposed()) {
      throw new IllegalArgumentException("B is read by rows: give it untransposed (transpose it first)");
    }
    if (SCALAR) {
      scalar(a, b, c, cOffset, ldc, n, k, init, bias, fromRow, toRow);
    } else {
      vector(a, b, c, cOffset, ldc, n, k, init, bias, fromRow, toRow);
    }
  }

  /** As {@link #multiply}, by the scalar path: the reference order, element by element. */
  static void scalar(Matrix a, Matrix b, float[] c, int cOffset, int ldc, int n, int k, Init init, float[] bias,
                     int fromRow, int toRow) {
    for (int i = fromRow; i < toRow; i++) {
      for (int j = 0; j < n; j++) {
        float acc = start(init, bias, i, j);
        for (int p = 0; p < k; p++) {
          acc = Math.fma(a.get(i, p), b.data()[b.offset() + p * b.ld() + j], acc);
        }
        c[cOffset + i * ldc + j] = acc;
      }
    }
  }

  private static float start(Init init, float[] bias, int i, int j) {
    return switch (init) {
      case ZERO -> 0f;
      case ROW_BIAS -> bias[i];
      case COLUMN_BIAS -> bias[j];
    };
  }

  /** As {@link #multiply}, by the vector path: tiles of {@value #ROWS} rows by two vectors of columns. */
  static void vector(Matrix a, Matrix b, float[] c, int cOffset, int ldc, int n, int k, Init init, float[] bias,
                     int fromRow, int toRow) {
    float[] bd = b.data();
    int bo = b.offset();
    int ldb = b.ld();
    int vectorEnd = n - n % LANES;
    int pairEnd = n - n % (2 * LANES);
    int i = fromRow;
    float[] as = new float[ROWS];
    for (; i + ROWS <= toRow; i += ROWS) {
      int j = 0;
      for (; j < pairEnd; j += 2 * LANES) {
        FloatVector c00 = startVector(init, bias, i, j);
        FloatVector c01 = startVector(init, bias, i, j + LANES);
        FloatVector c10 = startVector(init, bias, i + 1, j);
        FloatVector c11 = startVector(init, bias, i + 1, j + LANES);
        FloatVector c20 = startVector(init, bias, i + 2, j);
        FloatVector c21 = startVector(init, bias, i + 2, j + LANES);
        FloatVector c30 = startVector(init, bias, i + 3, j);
        FloatVector c31 = startVector(init, bias, i + 3, j + LANES);
        for (int p = 0; p < k; p++) {
          int row = bo + p * ldb + j;
          FloatVector b0 = FloatVector.fromArray(SPECIES, bd, row);
          FloatVector b1 = FloatVector.fromArray(SPECIES, bd, row + LANES);
          for (int r = 0; r < ROWS; r++) {
            as[r] = a.get(i + r, p);
          }
          FloatVector a0 = FloatVector.broadcast(SPECIES, as[0]);
          c00 = a0.fma(b0, c00);
          c01 = a0.fma(b1, c01);
          FloatVector a1 = FloatVector.broadcast(SPECIES, as[1]);
          c10 = a1.fma(b0, c10);
          c11 = a1.fma(b1, c11);
          FloatVector a2 = FloatVector.broadcast(SPECIES, as[2]);
          c20 = a2.fma(b0, c20);
          c21 = a2.fma(b1, c21);
          FloatVector a3 = FloatVector.broadcast(SPECIES, as[3]);
          c30 = a3.fma(b0, c30);
          c31 = a3.fma(b1, c31);
        }
        int to = cOffset + i * ldc + j;
        c00.intoArray(c, to);
        c01.intoArray(c, to + LANES);
        c10.intoArray(c, to + ldc);
        c11.intoArray(c, to + ldc + LANES);
        c20.intoArray(c, to + 2 * ldc);
        c21.intoArray(c, to + 2 * ldc + LANES);
        c30.intoArray(c, to + 3 * ldc);
        c31.intoArray(c, to + 3 * ldc + LANES);
      }
      for (int r = 0; r < ROWS; r++) {
        rowRest(a, b, c, cOffset, ldc, n, k, init, bias, i + r, j, vectorEnd);
      }
    }
    for (; i < toRow; i++) {
      rowRest(a, b, c, cOffset, ldc, n, k, init, bias, i, 0, vectorEnd);
    }
  }

  /** The columns {@code [from, n)} of row {@code i}: single vectors, then scalars. */
  private static void rowRest(Matrix a, Matrix b, float[] c, int cOffset, int ldc, int n, int k, Init init,
                              float[] bias, int i, int from, int vectorEnd) {
    float[] bd = b.data();
    int j = from;
    for (; j < vectorEnd; j += LANES) {
      FloatVector acc = startVector(init, bias, i, j);
      for (int p = 0; p < k; p++) {
        acc = FloatVector.broadcast(SPECIES, a.get(i, p)).fma(FloatVector.fromArray(SPECIES, bd,
            b.offset() + p * b.ld() + j), acc);
      }
      acc.intoArray(c, cOffset + i * ldc + j);
    }
    for (; j < n; j++) {
      float acc = start(init, bias, i, j);
      for (int p = 0; p < k; p++) {
        acc = Math.fma(a.get(i, p), bd[b.offset() + p * b.ld() + j], acc);
      }
      c[cOffset + i * ldc + j] = acc;
    }
  }

  private static FloatVector startVector(Init init, float[] bias, int i, int j) {
    return switch (init) {
      case ZERO -> FloatVector.zero(SPECIES);
      case ROW_BIAS -> FloatVector.broadcast(SPECIES, bias[i]);
      case COLUMN_BIAS -> FloatVector.fromArray(SPECIES, bias, j);
    };
  }

  /** The vector width in floats of this JVM's preferred species (4, 8 or 16): it groups lanes, it changes no bits. */
  public static int lanes() {
    return LANES;
  }
}
