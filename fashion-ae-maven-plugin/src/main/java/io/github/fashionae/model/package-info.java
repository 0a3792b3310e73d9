/**
 * Engine side. The study's networks as DL4J configurations ({@code Networks}) and the faster layers they train with
 * ({@code FastRelu}, {@code FastDropout}, {@code InputConvolutionLayer}). The package name is part of every saved
 * model's configuration, so it stays. Only this package, {@code engine} and the oneDNN shim import DL4J/ND4J.
 * Imports {@code stage}.
 */
package io.github.fashionae.model;
