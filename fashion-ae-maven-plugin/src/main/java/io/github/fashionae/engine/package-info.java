/**
 * Engine side: everything that runs inside the forked engine JVM. Its one entry point
 * ({@link io.github.fashionae.engine.EngineMain}) runs an {@code EngineTask}: training with checkpoints
 * ({@code Training}, {@code Trainer}, {@code Checkpoints}) or evaluation ({@code Evaluator}), and stops when the
 * Maven JVM that started it is gone. Imports {@code util}, {@code archive}, {@code dataset}, {@code stage},
 * {@code fork} (its protocol and task types), {@code store} (the lock on a checkpoint folder), {@code model}, and
 * DL4J; never Maven.
 */
package io.github.fashionae.engine;
