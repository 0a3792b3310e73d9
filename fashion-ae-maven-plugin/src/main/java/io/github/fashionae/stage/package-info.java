/**
 * What a stage is and what it produced, as immutable values shared by Maven's JVM and the engine JVM:
 * {@link io.github.fashionae.stage.StageSpec} (an autoencoder or a classifier stage, whose {@code inputs()} are its
 * fingerprint's source), the settings it is built from, the engine's identity, and results
 * ({@code TrainingSummary}, {@code EpochRecord}, {@code StageEvaluation}, {@code ConfusionMatrix}). Loads no DL4J
 * class. Imports {@code util}, {@code archive}, {@code dataset}.
 */
package io.github.fashionae.stage;
