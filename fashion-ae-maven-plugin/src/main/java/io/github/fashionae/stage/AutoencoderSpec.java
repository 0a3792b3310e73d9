package io.github.fashionae.stage;

/**
 * The autoencoder's shape.
 *
 * @param latentSize the size n of the latent code, at least 1
 * @param linearBottleneck true for the study's network; false for its ablation (Fig. 6), where the two linear
 *     layers are removed and the transposed convolutions follow the convolutions directly
 */
public record AutoencoderSpec(int latentSize, boolean linearBottleneck) {

  public AutoencoderSpec {
    if (latentSize < 1) {
      throw new InvalidParameterException("latentSize", "at least 1", latentSize);
    }
  }
}
