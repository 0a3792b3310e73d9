/**
 * Engine side, JDK only: the portable numerics, float kernels whose every output element is a fixed sequence of
 * IEEE 754 operations (Java 17's strict floating point, exactly rounded {@link java.lang.Math#fma}, bit-for-bit
 * {@link java.lang.StrictMath}), so that their bytes depend on their inputs alone, not on the CPU, the vector width,
 * the JIT or the thread count. The foundation of an engine whose models are the same bytes on every machine (issue
 * 23); not yet used by the training. Imports nothing of this project's.
 */
package io.github.fashionae.numerics;
