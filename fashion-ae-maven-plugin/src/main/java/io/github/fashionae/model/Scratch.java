package io.github.fashionae.model;

import java.util.HashMap;
import java.util.Map;

/**
 * Work arrays reused from one pass to the next: one per use and length on each thread. A fresh array of megabytes
 * costs more than the pass that fills it: on an Intel Xeon (family 6 model 167), a new copy of the first
 * convolution's 4.3 MB of activations took 1.4 ms, a copy into an array already there 0.3 ms (G1 allocates such an
 * array as a humongous object, and zeroes it). An array's contents are undefined when it is handed out, and it is
 * valid until the same use and length is asked for again on the same thread: for a temporary within one call, never
 * for a result that outlives it.
 */
final class Scratch {

  /** What a work array is for: no two arrays alive at once share a use. */
  enum Use {
    /** The im2col columns of a chunk of images. */
    COLUMNS,
    /** A chunk's product before it is copied into its images. */
    PRODUCTS,
    /** An array laid out by pixel ({@link PortableConvolutions#pixelMajor}). */
    BY_PIXEL,
    /** An array laid out by channel ({@link PortableConvolutions#channelMajor}). */
    BY_CHANNEL,
    /** A transposed product. */
    TRANSPOSED,
    /** A layer's δ, the gradient at its pre-activations. */
    DELTA,
    /** The im2col of a transposed convolution's δ. */
    DELTA_COLUMNS,
    /** An input gradient before it is copied into ND4J's array. */
    INPUT_GRADIENT
  }

  private static final ThreadLocal<Map<Long, float[]>> ARRAYS = ThreadLocal.withInitial(HashMap::new);

  private Scratch() {
  }

  /** This thread's work array for {@code use} of {@code length} floats, contents undefined. */
  static float[] floats(Use use, int length) {
    return ARRAYS.get().computeIfAbsent((long) use.ordinal() << 32 | length, key -> new float[length]);
  }

  /** {@code buffer} when it holds {@code length} floats, else a new array of them: a caller's own buffer. */
  static float[] sized(float[] buffer, int length) {
    return buffer != null && buffer.length == length ? buffer : new float[length];
  }
}
