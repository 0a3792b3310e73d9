/**
 * Maven's side of the two-JVM boundary: starting the engine JVM ({@link io.github.fashionae.fork.ForkedJvm}), the
 * task handed to it ({@link io.github.fashionae.fork.EngineTask}) and the line protocol it answers in. Names the
 * engine's entry point only as a string; loads no DL4J class. Imports {@code util}, {@code stage}.
 */
package io.github.fashionae.fork;
