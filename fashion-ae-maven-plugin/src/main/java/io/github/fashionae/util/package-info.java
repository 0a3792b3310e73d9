/**
 * Small helpers every other package may use, with no dependency of their own: atomic writes with the umask's
 * mode ({@link io.github.fashionae.util.AtomicFiles}), SHA-256, durations, file trees, the project's one JSON form
 * ({@link io.github.fashionae.util.Json}), the CPU's feature flags ({@link io.github.fashionae.util.CpuFlags}), and
 * the {@link io.github.fashionae.util.BuildLog} the logic logs to.
 * Imports nothing of this project.
 */
package io.github.fashionae.util;
