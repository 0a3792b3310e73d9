package io.github.fashionae.stage;

import java.util.Locale;

/** What a stage trains. The constants' names are the {@code kind} of histories and evaluations. */
public enum StageKind {
  AUTOENCODER,
  CLASSIFIER;

  /** "autoencoder" or "classifier", as fingerprints and messages spell it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
