/**
 * Maven side: training stages as cached build steps. {@code StageTrainer} (the training goals' orchestrator)
 * builds each {@code StageSpec}, {@code StageRunner} runs it through the cache, {@code ForkedTraining} forks the
 * engine and streams its epochs back; {@code TrainedStages} finds stage folders, {@code BuildDataset} reads the
 * manifest. Imports {@code util}, {@code dataset}, {@code stage}, {@code fork}, {@code store}, {@code remote}.
 */
package io.github.fashionae.training;
