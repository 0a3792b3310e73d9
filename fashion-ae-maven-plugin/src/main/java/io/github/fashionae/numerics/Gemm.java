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
 * ({@link Fma#fma}, with {@link Math#fma}'s bits). Both paths give the same bits ({@code GemmTest}); the scalar one
 * is the reference, and the one chosen with {@code -Dfashionae.numerics.scalar=true}. No reduction across lanes is
 * used anywhere: the Vector API's {@code reduceLanes(ADD)} has no fixed order.
 *
 * <p>Matrices are row-major slices of float arrays: element {@code (r, c)} of a matrix at offset {@code off} with
 * leading dimension {@code ld} is {@code array[off + r * ld + c]}, or {@code array[off + c * ld + r]} when the
 * matrix is given transposed.
 */
public final class Gemm {

  /**
   * True when the scalar path runs: asked for ({@code -Dfashionae.numerics.scalar=true}), or on a JVM without the
   * FMA instruction ({@link Fma#HARDWARE}), where the Vector API's {@code fma} would fall back to the JDK's slow
   * one lane by lane. The same bits, slower.
   */
  public static final boolean SCALAR = Boolean.getBoolean("fashionae.numerics.scalar") || !Fma.HARDWARE;

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final int ROWS = 4;
  /** The reduction indices of one block of the vector path: 256 rows of B, 32 KB where B is 32 floats wide. */
  private static final int K_BLOCK = 256;
  /** The size of a block of B from which on it runs in panels: beyond what a core's L2 cache holds well. */
  private static final long PANEL_BYTES = 2 << 20;
  /** Each thread's buffer for a panel of B: a block's rows, two vectors wide. */
  private static final ThreadLocal<float[]> PANEL = ThreadLocal.withInitial(() -> new float[K_BLOCK * 2 * LANES]);

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

    /** The distance between element (r, c) and (r + 1, c). */
    int rowStride() {
      return transposed ? 1 : ld;
    }

    /** The distance between element (r, c) and (r, c + 1). */
    int columnStride() {
      return transposed ? ld : 1;
    }

    float get(int row, int column) {
      return data[transposed ? offset + column * ld + row : offset + row * ld + column];
    }
  }

  /**
   * Where each element of C starts: at zero, at a bias of its row or its column, or at C's own value ({@code
   * ACCUMULATE}: a product over a longer reduction computed in parts, p's order kept, gives the one product's bits,
   * since storing and loading a float is exact).
   */
  public enum Init {
    ZERO, ROW_BIAS, COLUMN_BIAS, ACCUMULATE
  }

  /**
   * {@code c[i][j] = init(i, j) + Σ_p a[i][p] · b[p][j]} for {@code i < m}, {@code j < n}, {@code p < k}, summed in
   * the order of p with fused multiply-adds, for the rows {@code [fromRow, toRow)} of C only. Large products are
   * shared out over {@link Parallel}'s threads by columns (or rows, when C is narrow): each element is computed
   * whole by one thread, so the thread count changes no bit.
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
    int rows = toRow - fromRow;
    int parts = Parallel.parts((long) rows * n * k);
    if (parts == 1) {
      block(a, b, c, cOffset, ldc, k, init, bias, fromRow, toRow, 0, n);
    } else if (n >= parts * 4 * LANES) {
      Parallel.run(parts, part -> block(a, b, c, cOffset, ldc, k, init, bias, fromRow, toRow,
          Parallel.start(part, parts, n, 2 * LANES), Parallel.start(part + 1, parts, n, 2 * LANES)));
    } else {
      Parallel.run(parts, part -> block(a, b, c, cOffset, ldc, k, init, bias,
          fromRow + Parallel.start(part, parts, rows, ROWS), fromRow + Parallel.start(part + 1, parts, rows, ROWS),
          0, n));
    }
  }

  /** The block of rows {@code [fromRow, toRow)} and columns {@code [fromColumn, toColumn)} by the chosen path. */
  private static void block(Matrix a, Matrix b, float[] c, int cOffset, int ldc, int k, Init init, float[] bias,
                            int fromRow, int toRow, int fromColumn, int toColumn) {
    if (SCALAR) {
      scalar(a, b, c, cOffset, ldc, k, init, bias, fromRow, toRow, fromColumn, toColumn);
    } else {
      vectorBlocks(a, b, c, cOffset, ldc, k, init, bias, fromRow, toRow, fromColumn, toColumn);
    }
  }

  /**
   * The vector path in blocks of {@value #K_BLOCK} reduction indices, so that a block of B's rows stays in the cache
   * while every tile of rows runs over it. Between blocks an element's running sum is stored in C and loaded again:
   * exact, so the chain, and its bits, are the same as without blocks.
   */
  private static void vectorBlocks(Matrix a, Matrix b, float[] c, int cOffset, int ldc, int k, Init init,
                                   float[] bias, int fromRow, int toRow, int fromColumn, int toColumn) {
    for (int p0 = 0; p0 < k || p0 == 0; p0 += K_BLOCK) {
      vector(a, b, c, cOffset, ldc, p0, Math.min(k, p0 + K_BLOCK), init, bias, p0 == 0 && init != Init.ACCUMULATE,
          fromRow, toRow, fromColumn, toColumn);
    }
  }

  /** As {@link #multiply}, by the scalar path on one thread: the reference order, element by element. */
  static void scalar(Matrix a, Matrix b, float[] c, int cOffset, int ldc, int n, int k, Init init, float[] bias,
                     int fromRow, int toRow) {
    scalar(a, b, c, cOffset, ldc, k, init, bias, fromRow, toRow, 0, n);
  }

  private static void scalar(Matrix a, Matrix b, float[] c, int cOffset, int ldc, int k, Init init, float[] bias,
                             int fromRow, int toRow, int fromColumn, int toColumn) {
    for (int i = fromRow; i < toRow; i++) {
      for (int j = fromColumn; j < toColumn; j++) {
        float acc = init == Init.ACCUMULATE ? c[cOffset + i * ldc + j] : start(init, bias, i, j);
        for (int p = 0; p < k; p++) {
          acc = Fma.fma(a.get(i, p), b.data()[b.offset() + p * b.ld() + j], acc);
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
      case ACCUMULATE -> throw new IllegalStateException("an accumulated element starts from C");
    };
  }

  /** As {@link #multiply}, by the vector path on one thread. */
  static void vector(Matrix a, Matrix b, float[] c, int cOffset, int ldc, int n, int k, Init init, float[] bias,
                     int fromRow, int toRow) {
    vectorBlocks(a, b, c, cOffset, ldc, k, init, bias, fromRow, toRow, 0, n);
  }

  /**
   * The block of rows {@code [fromRow, toRow)} and columns {@code [fromColumn, toColumn)} over the reduction indices
   * {@code [p0, p1)}: tiles of {@value #ROWS} rows by two vectors, then by one vector, then single rows. Where this
   * block of B is too large for the cache ({@value #PANEL_BYTES} bytes or more), column panels two vectors wide run
   * outermost, each copied once into a contiguous buffer, so that it stays in the cache while every tile of rows
   * runs over it; else rows run outermost, so that C is written row after row. Which element is computed when
   * changes no bit: each runs its own chain.
   */
  private static void vector(Matrix a, Matrix b, float[] c, int cOffset, int ldc, int p0, int p1, Init init,
                             float[] bias, boolean first, int fromRow, int toRow, int fromColumn, int toColumn) {
    int k = p1 - p0;
    float[] ad = a.data();
    int ars = a.rowStride();
    int acs = a.columnStride();
    float[] bd = b.data();
    int ldb = b.ld();
    int bo = b.offset() + p0 * ldb;
    int width = toColumn - fromColumn;
    int vectorEnd = toColumn - width % LANES;
    int pairEnd = toColumn - width % (2 * LANES);
    int tileEnd = toRow - (toRow - fromRow) % ROWS;
    if ((long) k * width * Float.BYTES >= PANEL_BYTES && tileEnd - fromRow >= 2 * ROWS) {
      float[] panel = PANEL.get();
      for (int j = fromColumn; j < pairEnd; j += 2 * LANES) {
        for (int p = 0, from = bo + j; p < k; p++, from += ldb) {
          System.arraycopy(bd, from, panel, p * 2 * LANES, 2 * LANES);
        }
        for (int i = fromRow; i < tileEnd; i += ROWS) {
          pairTile(a, c, cOffset, ldc, p0, k, init, bias, first, i, j, panel, 0, 2 * LANES);
        }
      }
    } else {
      for (int i = fromRow; i < tileEnd; i += ROWS) {
        for (int j = fromColumn; j < pairEnd; j += 2 * LANES) {
          pairTile(a, c, cOffset, ldc, p0, k, init, bias, first, i, j, bd, bo + j, ldb);
        }
      }
    }
    for (int j = pairEnd; j < vectorEnd; j += LANES) { // tiles of ROWS rows by one vector: independent chains still
      for (int i = fromRow; i < tileEnd; i += ROWS) {
        int to = cOffset + i * ldc + j;
        FloatVector c0 = startVector(init, bias, first, c, to, i, j);
        FloatVector c1 = startVector(init, bias, first, c, to + ldc, i + 1, j);
        FloatVector c2 = startVector(init, bias, first, c, to + 2 * ldc, i + 2, j);
        FloatVector c3 = startVector(init, bias, first, c, to + 3 * ldc, i + 3, j);
        int row = bo + j;
        int ap = a.offset() + i * ars + p0 * acs;
        for (int p = 0; p < k; p++, row += ldb, ap += acs) {
          FloatVector b0 = FloatVector.fromArray(SPECIES, bd, row);
          c0 = FloatVector.broadcast(SPECIES, ad[ap]).fma(b0, c0);
          c1 = FloatVector.broadcast(SPECIES, ad[ap + ars]).fma(b0, c1);
          c2 = FloatVector.broadcast(SPECIES, ad[ap + 2 * ars]).fma(b0, c2);
          c3 = FloatVector.broadcast(SPECIES, ad[ap + 3 * ars]).fma(b0, c3);
        }
        c0.intoArray(c, to);
        c1.intoArray(c, to + ldc);
        c2.intoArray(c, to + 2 * ldc);
        c3.intoArray(c, to + 3 * ldc);
      }
    }
    for (int i = fromRow; i < tileEnd; i++) {
      rowRest(a, b, c, cOffset, ldc, p0, p1, init, bias, first, i, vectorEnd, vectorEnd, toColumn);
    }
    for (int i = tileEnd; i < toRow; i++) {
      rowRest(a, b, c, cOffset, ldc, p0, p1, init, bias, first, i, fromColumn, vectorEnd, toColumn);
    }
  }

  /**
   * The tile of rows {@code [i, i + ROWS)} and columns {@code [j, j + 2·LANES)} over {@code k} reduction indices from
   * {@code p0}, B's rows for them read from {@code pd} at {@code prow}, {@code pld} apart.
   */
  private static void pairTile(Matrix a, float[] c, int cOffset, int ldc, int p0, int k, Init init, float[] bias,
                               boolean first, int i, int j, float[] pd, int prow, int pld) {
    float[] ad = a.data();
    int ars = a.rowStride();
    int acs = a.columnStride();
    int to = cOffset + i * ldc + j;
    FloatVector c00 = startVector(init, bias, first, c, to, i, j);
    FloatVector c01 = startVector(init, bias, first, c, to + LANES, i, j + LANES);
    FloatVector c10 = startVector(init, bias, first, c, to + ldc, i + 1, j);
    FloatVector c11 = startVector(init, bias, first, c, to + ldc + LANES, i + 1, j + LANES);
    FloatVector c20 = startVector(init, bias, first, c, to + 2 * ldc, i + 2, j);
    FloatVector c21 = startVector(init, bias, first, c, to + 2 * ldc + LANES, i + 2, j + LANES);
    FloatVector c30 = startVector(init, bias, first, c, to + 3 * ldc, i + 3, j);
    FloatVector c31 = startVector(init, bias, first, c, to + 3 * ldc + LANES, i + 3, j + LANES);
    int row = prow;
    int ap = a.offset() + i * ars + p0 * acs;
    for (int p = 0; p < k; p++, row += pld, ap += acs) {
      FloatVector b0 = FloatVector.fromArray(SPECIES, pd, row);
      FloatVector b1 = FloatVector.fromArray(SPECIES, pd, row + LANES);
      FloatVector x0 = FloatVector.broadcast(SPECIES, ad[ap]);
      c00 = x0.fma(b0, c00);
      c01 = x0.fma(b1, c01);
      FloatVector x1 = FloatVector.broadcast(SPECIES, ad[ap + ars]);
      c10 = x1.fma(b0, c10);
      c11 = x1.fma(b1, c11);
      FloatVector x2 = FloatVector.broadcast(SPECIES, ad[ap + 2 * ars]);
      c20 = x2.fma(b0, c20);
      c21 = x2.fma(b1, c21);
      FloatVector x3 = FloatVector.broadcast(SPECIES, ad[ap + 3 * ars]);
      c30 = x3.fma(b0, c30);
      c31 = x3.fma(b1, c31);
    }
    c00.intoArray(c, to);
    c01.intoArray(c, to + LANES);
    c10.intoArray(c, to + ldc);
    c11.intoArray(c, to + ldc + LANES);
    c20.intoArray(c, to + 2 * ldc);
    c21.intoArray(c, to + 2 * ldc + LANES);
    c30.intoArray(c, to + 3 * ldc);
    c31.intoArray(c, to + 3 * ldc + LANES);
  }

  /**
   * The columns {@code [from, to)} of row {@code i} over the reduction indices {@code [p0, p1)}: single vectors up
   * to {@code vectorEnd}, then scalars.
   */
  private static void rowRest(Matrix a, Matrix b, float[] c, int cOffset, int ldc, int p0, int p1, Init init,
                              float[] bias, boolean first, int i, int from, int vectorEnd, int to) {
    float[] ad = a.data();
    int acs = a.columnStride();
    int a0 = a.offset() + i * a.rowStride() + p0 * acs;
    float[] bd = b.data();
    int ldb = b.ld();
    int bo = b.offset() + p0 * ldb;
    int k = p1 - p0;
    int j = from;
    for (; j < vectorEnd; j += LANES) {
      int at = cOffset + i * ldc + j;
      FloatVector acc = startVector(init, bias, first, c, at, i, j);
      int row = bo + j;
      int ap = a0;
      for (int p = 0; p < k; p++, row += ldb, ap += acs) {
        acc = FloatVector.broadcast(SPECIES, ad[ap]).fma(FloatVector.fromArray(SPECIES, bd, row), acc);
      }
      acc.intoArray(c, at);
    }
    for (; j < to; j++) {
      int at = cOffset + i * ldc + j;
      float acc = first ? start(init, bias, i, j) : c[at];
      int ap = a0;
      int row = bo + j;
      for (int p = 0; p < k; p++, row += ldb, ap += acs) {
        acc = Fma.fma(ad[ap], bd[row], acc);
      }
      c[at] = acc;
    }
  }

  /** An element's running sum: its start in the first block of the reduction, else where the last block left it. */
  private static FloatVector startVector(Init init, float[] bias, boolean first, float[] c, int at, int i, int j) {
    return first ? startVector(init, bias, i, j) : FloatVector.fromArray(SPECIES, c, at);
  }

  private static FloatVector startVector(Init init, float[] bias, int i, int j) {
    return switch (init) {
      case ZERO -> FloatVector.zero(SPECIES);
      case ROW_BIAS -> FloatVector.broadcast(SPECIES, bias[i]);
      case COLUMN_BIAS -> FloatVector.fromArray(SPECIES, bias, j);
      case ACCUMULATE -> throw new IllegalStateException("an accumulated element starts from C");
    };
  }

  /** The vector width in floats of this JVM's preferred species (4, 8 or 16): it groups lanes, it changes no bits. */
  public static int lanes() {
    return LANES;
  }
}
