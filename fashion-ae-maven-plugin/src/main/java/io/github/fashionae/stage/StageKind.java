package io.github.fashionae.stage;

/** What a stage trains. The constants' names are the {@code kind} of histories and evaluations. */
public enum StageKind implements Labeled {
  AUTOENCODER,
  CLASSIFIER;
}
