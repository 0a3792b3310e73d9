package io.github.fashionae.stage;

/**
 * How a network is trained: optimizer, learning rate, dropout, batch size, epochs and seed.
 *
 * @param optimizer the optimizer
 * @param learningRate its learning rate, above 0
 * @param dropout the probability to DROP an activation (PyTorch's p), in [0, 1); DL4J's retain probability is 1 - p
 * @param batchSize examples per minibatch, at least 1
 * @param epochs passes over the training data, at least 1
 * @param seed seeds every random choice: weight init, validation split, shuffling, dropout masks
 */
public record TrainingSettings(Optimizer optimizer, double learningRate, double dropout, int batchSize, int epochs,
                               long seed) {

  public TrainingSettings {
    if (optimizer == null) {
      throw new InvalidParameterException("optimizer", "adam or sgd", "nothing");
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new InvalidParameterException("learningRate", "a number above 0", learningRate);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new InvalidParameterException("dropout", "a drop probability in [0, 1)", dropout);
    }
    if (batchSize < 1) {
      throw new InvalidParameterException("batchSize", "at least 1", batchSize);
    }
    if (epochs < 1) {
      throw new InvalidParameterException("epochs", "at least 1", epochs);
    }
  }
}
