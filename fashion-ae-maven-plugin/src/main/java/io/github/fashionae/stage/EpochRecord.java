package io.github.fashionae.stage;

/**
 * What one epoch measured. Losses are per-pixel MSE for the autoencoder and mean cross-entropy for the
 * classifier; accuracies are null for the autoencoder.
 *
 * @param epoch 1-based
 * @param trainLoss the training loss as optimized: mean over the epoch's minibatches, dropout on
 * @param trainLossEval the training loss in evaluation mode (dropout off), after the epoch
 * @param validationLoss the validation loss in evaluation mode, after the epoch
 * @param trainAccuracy classifier only: accuracy on the training examples in evaluation mode
 * @param validationAccuracy classifier only: accuracy on the validation examples
 * @param seconds wall time of the epoch, evaluation included
 */
public record EpochRecord(int epoch, double trainLoss, double trainLossEval, double validationLoss,
                          Double trainAccuracy, Double validationAccuracy, double seconds) {
}
